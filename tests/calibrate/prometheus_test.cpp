// The Prometheus text format parser: orderd's real /metrics output, what
// other exporters write, and malformed lines (each error checked in words).
#include "calibrate/prometheus.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "orderd/metrics.h"
#include "orderd/store.h"
#include "support/must.h"

namespace stackplan::calibrate {
namespace {

using test::error_of;
using test::must;

Scrape parse(std::string_view text) { return must(parse_prometheus_text(text, "m")); }

TEST(PrometheusText, ReadsOrderdsMetricsPage) {
  orderd::Metrics metrics;
  metrics.accepted = 1200;
  metrics.rejected_backpressure = 7;
  for (int i = 0; i < 90; ++i) metrics.accept_latency.record(Duration::microseconds(700));
  for (int i = 0; i < 10; ++i) metrics.accept_latency.record(Duration::milliseconds(300));
  orderd::QueueDepth depth;
  depth.visible = 42;
  depth.in_flight = 8;
  depth.delayed = 3;
  depth.dead = 1;
  depth.paid = 900;
  const std::string page = metrics.render(&depth, 5, 16, false, 2);

  Scrape scrape = must(parse_prometheus_text(page, "http://127.0.0.1:8080/metrics"));
  EXPECT_EQ(scrape.value("orderd_orders_accepted_total"), 1200);
  EXPECT_EQ(scrape.value("orderd_orders_rejected_backpressure_total"), 7);
  EXPECT_EQ(scrape.value("orderd_payment_slots"), 16);
  EXPECT_EQ(scrape.value("orderd_duplicate_charges_refused_total"), 2);
  EXPECT_EQ(scrape.value("orderd_queue_depth", {{"state", "visible"}}), 42);
  EXPECT_EQ(scrape.value("orderd_queue_depth", {{"state", "dead_letter"}}), 1);
  EXPECT_EQ(scrape.sum("orderd_queue_depth"), 42 + 8 + 3 + 1);
  EXPECT_EQ(scrape.value("orderd_orders_paid_in_store"), 900);
  EXPECT_FALSE(scrape.value("orderd_no_such_metric"));
  EXPECT_FALSE(scrape.value("orderd_queue_depth", {{"state", "lost"}}));

  auto accept = must(histogram(scrape, "orderd_accept_latency_seconds"));
  ASSERT_TRUE(accept);
  EXPECT_EQ(accept->count, 100);
  ASSERT_EQ(accept->buckets.size(), 17u);  // 16 bounds and +Inf
  EXPECT_EQ(accept->buckets.front().first, 0.0005);
  EXPECT_EQ(accept->buckets.front().second, 0);
  EXPECT_TRUE(std::isinf(accept->buckets.back().first));
  // 90 at 0.7 ms and 10 at 300 ms, to the histogram's precision (<1%).
  EXPECT_NEAR(accept->mean(), (90 * 0.0007 + 10 * 0.3) / 100, 0.01 * 0.0307);
  // The median is in (0.0005, 0.001]: 50 of the 90 there.
  EXPECT_NEAR(accept->quantile(0.5), 0.0005 + 0.0005 * 50 / 90, 1e-12);
  // The 95th is in (0.2, 0.5]: 5 of the 10 there.
  EXPECT_NEAR(accept->quantile(0.95), 0.2 + 0.3 * 5 / 10, 1e-12);

  auto never_used = must(histogram(scrape, "orderd_sync_latency_seconds"));
  ASSERT_TRUE(never_used);
  EXPECT_EQ(never_used->count, 0);
  EXPECT_EQ(never_used->quantile(0.99), 0);
  EXPECT_EQ(never_used->mean(), 0);
  EXPECT_FALSE(must(histogram(scrape, "orderd_no_such_latency_seconds")));
}

TEST(PrometheusText, LabelsEscapesTimestampsAndSpecialValues) {
  Scrape s = parse(
      "# HELP http_requests_total The total.\n"
      "# TYPE http_requests_total counter\n"
      "# a free comment\n"
      "\n"
      "http_requests_total{method=\"post\",code=\"200\"} 1027 1395066363000\n"
      "http_requests_total{method=\"post\",code=\"400\"}    3 1395066363000\n"
      "msdos_file_access_time_seconds{path=\"C:\\\\DIR\\\\FILE.TXT\",error=\"Cannot find "
      "file:\\n\\\"FILE.TXT\\\"\"} 1.458255915e9\n"
      "odd{a=\"x,y\",b=\"{z}\",c=\"\"} -1\n"
      "trailing_comma{a=\"1\",} 2\n"
      "  spaced { a = \"1\" , b=\"2\" }  3.5  \n"
      "nan NaN\n"
      "up +Inf\n"
      "down -Inf\n"
      "lower_case inf\n"
      "negative_time 4 -10\n");
  ASSERT_EQ(s.samples.size(), 11u);
  const auto& first = s.samples[0];
  EXPECT_EQ(first.name, "http_requests_total");
  ASSERT_EQ(first.labels.size(), 2u);
  EXPECT_EQ(first.labels[0], (std::pair<std::string, std::string>{"method", "post"}));
  EXPECT_EQ(first.labels[1], (std::pair<std::string, std::string>{"code", "200"}));
  EXPECT_EQ(first.value, 1027);
  EXPECT_EQ(s.value("http_requests_total", {{"code", "400"}}), 3);
  EXPECT_EQ(s.value("http_requests_total", {{"code", "400"}, {"method", "post"}}), 3);
  EXPECT_EQ(s.sum("http_requests_total"), 1030);
  EXPECT_EQ(s.samples[2].labels[0].second, "C:\\DIR\\FILE.TXT");
  EXPECT_EQ(s.samples[2].labels[1].second, "Cannot find file:\n\"FILE.TXT\"");
  EXPECT_EQ(s.samples[2].value, 1.458255915e9);
  EXPECT_EQ(s.samples[3].labels[0].second, "x,y");
  EXPECT_EQ(s.samples[3].labels[1].second, "{z}");
  EXPECT_EQ(s.samples[3].labels[2].second, "");
  EXPECT_EQ(s.value("trailing_comma", {{"a", "1"}}), 2);
  EXPECT_EQ(s.value("spaced", {{"b", "2"}}), 3.5);
  EXPECT_TRUE(std::isnan(*s.value("nan")));
  EXPECT_EQ(*s.value("up"), INFINITY);
  EXPECT_EQ(*s.value("down"), -INFINITY);
  EXPECT_EQ(*s.value("lower_case"), INFINITY);
  EXPECT_EQ(*s.value("negative_time"), 4);
}

TEST(PrometheusText, EmptyInputCrlfAndNoFinalNewline) {
  EXPECT_TRUE(parse("").samples.empty());
  EXPECT_TRUE(parse("# only comments\r\n\r\n").samples.empty());
  Scrape s = parse("a 1\r\nb{x=\"y\"} 2\r\n# c\r\nc 3");
  ASSERT_EQ(s.samples.size(), 3u);
  EXPECT_EQ(s.value("b", {{"x", "y"}}), 2);
  EXPECT_EQ(s.value("c"), 3);
}

TEST(PrometheusText, MalformedLinesNameTheSourceAndLine) {
  auto error = [](std::string_view text) {
    return error_of(parse_prometheus_text(text, "http://127.0.0.1:8080/metrics"));
  };
  const std::string at = "http://127.0.0.1:8080/metrics:";
  EXPECT_EQ(error("ok 1\n# c\nlonely\n"), at + "3: expected a value after the metric name");
  EXPECT_EQ(error("lonely{a=\"b\"}\n"), at + "1: expected a value after the metric name");
  EXPECT_EQ(error("9lives 1\n"), at + "1: expected a metric name");
  EXPECT_EQ(error("{a=\"b\"} 1\n"), at + "1: expected a metric name");
  EXPECT_EQ(error("x one\n"), at + "1: value \"one\" is not a number");
  EXPECT_EQ(error("x 1e\n"), at + "1: value \"1e\" is not a number");
  EXPECT_EQ(error("x +-1\n"), at + "1: value \"+-1\" is not a number");
  EXPECT_EQ(error("x 1 12.5\n"), at + "1: timestamp \"12.5\" is not an integer");
  EXPECT_EQ(error("x 1 12 extra\n"), at + "1: unexpected \"extra\" after the timestamp");
  EXPECT_EQ(error("x{a=\"b\" 1\n"), at + "1: expected ',' or '}' after the value of label a");
  EXPECT_EQ(error("x{a=\"b 1\n"), at + "1: the value of label a is not closed with '\"'");
  EXPECT_EQ(error("x{a=b} 1\n"), at + "1: expected '\"' to open the value of label a");
  EXPECT_EQ(error("x{a} 1\n"), at + "1: expected '=' after the label name a");
  EXPECT_EQ(error("x{1a=\"b\"} 1\n"), at + "1: expected a label name or '}'");
  EXPECT_EQ(error("x{a=\"b\",a=\"c\"} 1\n"), at + "1: label a given twice");
  EXPECT_EQ(error("x{a=\"\\t\"} 1\n"),
            at + "1: invalid escape in the value of label a (only \\\\, \\\" and \\n are allowed)");
  EXPECT_EQ(error("x 1\r\ny\r\n"), at + "2: expected a value after the metric name");
}

TEST(PrometheusText, BoundsAreErrorsThatNameThem) {
  std::string big(kMaxScrapeBytes + 1, '#');
  EXPECT_EQ(error_of(parse_prometheus_text(big, "m")),
            "m: " + std::to_string(kMaxScrapeBytes + 1) +
                " bytes, more than the 4 MiB a scrape may have");
  std::string many;
  for (size_t i = 0; i <= kMaxSamples; ++i) many += "s 1\n";
  EXPECT_EQ(error_of(parse_prometheus_text(many, "m")),
            "m:" + std::to_string(kMaxSamples + 1) +
                ": more than 100000 samples, the most a scrape may have");
  many.resize(many.size() - 4);
  EXPECT_EQ(must(parse_prometheus_text(many, "m")).samples.size(), kMaxSamples);
}

TEST(PrometheusText, DuplicatedNamesWithDifferentLabels) {
  Scrape s =
      parse("q{state=\"a\",pod=\"1\"} 1\nq{state=\"b\",pod=\"1\"} 2\nq{state=\"a\",pod=\"2\"} 4\n");
  EXPECT_EQ(s.sum("q"), 7);
  EXPECT_EQ(s.value("q", {{"pod", "2"}}), 4);
  EXPECT_EQ(s.value("q", {{"state", "a"}}), 1);  // the first that matches
  EXPECT_EQ(s.value("q"), 1);
  EXPECT_FALSE(s.sum("r"));
}

}  // namespace
}  // namespace stackplan::calibrate
