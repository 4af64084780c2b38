// Histogram families read from a scrape: merging label sets, quantiles as
// Prometheus' histogram_quantile computes them, the window between two
// scrapes, and every way a family can be malformed.
#include <gtest/gtest.h>

#include <string>

#include "calibrate/prometheus.h"
#include "support/must.h"

namespace stackplan::calibrate {
namespace {

using test::error_of;
using test::must;

HistogramSnapshot family(std::string_view text, std::string_view name = "lat") {
  auto found = must(histogram(must(parse_prometheus_text(text, "m")), name));
  if (!found) throw test::TestStopped("no histogram " + std::string(name));
  return *found;
}

std::string histogram_error(std::string_view text) {
  return error_of(histogram(must(parse_prometheus_text(text, "m")), "lat"));
}

// Two processes (pod label) and an endpoint label, buckets written out of order.
constexpr std::string_view kTwoProcesses =
    "lat_bucket{pod=\"a\",le=\"0.1\"} 10\n"
    "lat_bucket{pod=\"a\",le=\"+Inf\"} 20\n"
    "lat_bucket{le=\"1\",pod=\"a\"} 16\n"
    "lat_sum{pod=\"a\"} 9\n"
    "lat_count{pod=\"a\"} 20\n"
    "lat_bucket{pod=\"b\",le=\"0.1\"} 0\n"
    "lat_bucket{pod=\"b\",le=\"1\"} 4\n"
    "lat_bucket{pod=\"b\",le=\"+Inf\"} 4\n"
    "lat_sum{pod=\"b\"} 3\n"
    "lat_count{pod=\"b\"} 4\n";

TEST(PrometheusHistogram, MergesLabelSetsBucketByBucket) {
  HistogramSnapshot h = family(kTwoProcesses);
  ASSERT_EQ(h.buckets.size(), 3u);
  EXPECT_EQ(h.buckets[0], (std::pair<double, double>{0.1, 10}));
  EXPECT_EQ(h.buckets[1], (std::pair<double, double>{1, 20}));
  EXPECT_EQ(h.buckets[2].second, 24);
  EXPECT_EQ(h.count, 24);
  EXPECT_EQ(h.sum, 12);
  EXPECT_EQ(h.mean(), 0.5);
}

TEST(PrometheusHistogram, QuantileInterpolatesInsideTheBucket) {
  HistogramSnapshot h = family(kTwoProcesses);
  // rank 12 of 24: 2 of the 10 in (0.1, 1].
  EXPECT_DOUBLE_EQ(h.quantile(0.5), 0.1 + 0.9 * 2 / 10);
  // rank 6: the first bucket starts at 0.
  EXPECT_DOUBLE_EQ(h.quantile(0.25), 0.1 * 6 / 10);
  // rank 23 of 24 falls in +Inf: the highest finite bound.
  EXPECT_EQ(h.quantile(0.95), 1);
  EXPECT_EQ(h.quantile(1), 1);
  EXPECT_EQ(h.quantile(0), 0);
  EXPECT_EQ(h.quantile(-3), h.quantile(0));  // clamped
  EXPECT_EQ(h.quantile(7), h.quantile(1));
  // q = 0 with an empty first bucket: the start of the first non-empty one.
  HistogramSnapshot late = family(
      "lat_bucket{le=\"1\"} 0\nlat_bucket{le=\"2\"} 5\nlat_bucket{le=\"+Inf\"} 5\n"
      "lat_sum 8\nlat_count 5\n");
  EXPECT_EQ(late.quantile(0), 1);
  EXPECT_DOUBLE_EQ(late.quantile(0.5), 1.5);
  // Only a +Inf bucket: no finite bound to answer with.
  EXPECT_EQ(family("lat_bucket{le=\"+Inf\"} 3\nlat_sum 1\nlat_count 3\n").quantile(0.5), 0);
}

TEST(PrometheusHistogram, MinusIsTheWindowBetweenTwoScrapes) {
  HistogramSnapshot before = family(
      "lat_bucket{le=\"0.1\"} 5\nlat_bucket{le=\"1\"} 8\nlat_bucket{le=\"+Inf\"} 8\n"
      "lat_sum 2\nlat_count 8\n");
  HistogramSnapshot after = family(
      "lat_bucket{le=\"0.1\"} 5\nlat_bucket{le=\"1\"} 18\nlat_bucket{le=\"+Inf\"} 20\n"
      "lat_sum 12\nlat_count 20\n");
  HistogramSnapshot window = after.minus(before);
  ASSERT_EQ(window.buckets.size(), 3u);
  EXPECT_EQ(window.buckets[0].second, 0);
  EXPECT_EQ(window.buckets[1].second, 10);
  EXPECT_EQ(window.buckets[2].second, 12);
  EXPECT_EQ(window.count, 12);
  EXPECT_EQ(window.sum, 10);
  // Every observation of the window is above 0.1.
  EXPECT_GT(window.quantile(0.01), 0.1);
  // The service restarted between the scrapes: the later one is the window.
  HistogramSnapshot restarted = before.minus(after);
  EXPECT_EQ(restarted.count, before.count);
  EXPECT_EQ(restarted.buckets, before.buckets);
  EXPECT_EQ(after.minus(HistogramSnapshot{}).count, after.count);
}

TEST(PrometheusHistogram, MalformedFamiliesAreErrors) {
  EXPECT_EQ(histogram_error("lat_bucket 1\nlat_sum 1\nlat_count 1\n"),
            "histogram lat_bucket: no le label");
  EXPECT_EQ(histogram_error("lat_bucket{le=\"fast\"} 1\n"),
            "histogram lat_bucket{le=\"fast\"}: le \"fast\" is not a number");
  EXPECT_EQ(histogram_error("lat_bucket{le=\"1\"} 1\nlat_sum 1\nlat_count 1\n"),
            "histogram lat: no le=\"+Inf\" bucket");
  EXPECT_EQ(
      histogram_error("lat_bucket{le=\"1\",pod=\"a\"} 5\nlat_bucket{le=\"+Inf\",pod=\"a\"} 4\n"
                      "lat_sum{pod=\"a\"} 1\nlat_count{pod=\"a\"} 4\n"),
      "histogram lat{pod=\"a\"}: buckets are not cumulative (le=+Inf counts fewer than le=1)");
  EXPECT_EQ(histogram_error("lat_bucket{le=\"1\"} 1\nlat_bucket{le=\"1.0\"} 1\n"
                            "lat_bucket{le=\"+Inf\"} 1\nlat_sum 1\nlat_count 1\n"),
            "histogram lat: bucket le=1 given twice");
  EXPECT_EQ(histogram_error("lat_bucket{le=\"+Inf\"} 4\nlat_sum 1\nlat_count 5\n"),
            "histogram lat: _count is 5 but the +Inf bucket counts 4");
  EXPECT_EQ(histogram_error("lat_bucket{le=\"+Inf\"} 4\nlat_sum 1\n"),
            "histogram lat: no _count sample");
  EXPECT_EQ(histogram_error("lat_bucket{le=\"+Inf\"} 4\nlat_count 4\n"),
            "histogram lat: no _sum sample");
  EXPECT_EQ(histogram_error("lat_bucket{le=\"+Inf\"} -1\nlat_sum 1\nlat_count -1\n"),
            "histogram lat: bucket le=+Inf has count -1, not a count");
  EXPECT_EQ(histogram_error("lat_bucket{le=\"+Inf\"} NaN\nlat_sum 1\nlat_count 1\n"),
            "histogram lat: bucket le=+Inf has count NaN, not a count");
  EXPECT_EQ(histogram_error("lat_sum{pod=\"x\"} 1\nlat_count{pod=\"x\"} 1\n"),
            "histogram lat{pod=\"x\"}: no _bucket samples");
  EXPECT_EQ(histogram_error("lat_bucket{pod=\"a\",le=\"+Inf\"} 1\nlat_sum{pod=\"a\"} 1\n"
                            "lat_count{pod=\"a\"} 1\nlat_bucket{pod=\"b\",le=\"1\"} 1\n"
                            "lat_bucket{pod=\"b\",le=\"+Inf\"} 1\nlat_sum{pod=\"b\"} 1\n"
                            "lat_count{pod=\"b\"} 1\n"),
            "histogram lat{pod=\"b\"}: its buckets differ from the family's other label sets");
}

}  // namespace
}  // namespace stackplan::calibrate
