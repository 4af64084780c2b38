// Reading a service's Prometheus metrics: the text exposition format
// (version 0.0.4, what /metrics answers) and the histogram families in it.
//
// `stackplan calibrate` samples a service's /metrics while it runs a load test
// and fits the model from the differences between scrapes, so the parser must
// accept whatever a real exporter writes (comments, timestamps, NaN, escaped
// label values, CRLF) and refuse, with the line number, what is not the format.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace stackplan::calibrate {

// A scrape larger than this is not a metrics page but a runaway (or the wrong
// URL): 4 MiB is hundreds of times what a service with a few hundred series writes.
inline constexpr size_t kMaxScrapeBytes = size_t{4} << 20;
// Samples in one scrape; a bound on the memory one scrape can take.
inline constexpr size_t kMaxSamples = 100'000;

using Labels = std::vector<std::pair<std::string, std::string>>;

struct MetricSample {
  std::string name;  // e.g. orderd_queue_depth, foo_bucket
  Labels labels;     // in the order written, values unescaped
  double value = 0;  // NaN, +Inf, -Inf allowed as Prometheus writes them
};

struct Scrape {
  std::vector<MetricSample> samples;  // in file order

  // The value of the sample with this name whose labels include every pair
  // given (the first in file order if several do); nullopt if none.
  std::optional<double> value(std::string_view name, const Labels& labels = {}) const;
  // Sum over every sample with this name (all label sets); nullopt if none.
  std::optional<double> sum(std::string_view name) const;
};

// [a-zA-Z_:][a-zA-Z0-9_:]* and [a-zA-Z_][a-zA-Z0-9_]*, as Prometheus defines them.
bool is_metric_name(std::string_view name);
bool is_label_name(std::string_view name);

// Parses the text format: blank lines, `# HELP`, `# TYPE` and other comments
// are skipped; a sample is `name`, optional labels `{a="x",b="y"}` (escapes
// \\ \" \n in values; a trailing comma allowed), a value (a decimal or
// exponent number, NaN, +Inf, -Inf, any case) and an optional integer
// timestamp in milliseconds, which is ignored. Lines end with \n or \r\n.
// Bounded: at most kMaxScrapeBytes of input and kMaxSamples samples; over
// either is an error naming the bound. Errors name `source` and the line:
// "http://127.0.0.1:8080/metrics:12: expected a value after the metric name".
Result<Scrape> parse_prometheus_text(std::string_view text, std::string_view source);

// A histogram family (name_bucket{le=...}, name_sum, name_count), merged over
// the label sets other than `le` (several processes or endpoints): counts and
// sums added bucket by bucket. Buckets cumulative, ascending by le, the last
// is +Inf. Counts are observations, sum is in the unit the metric is in
// (seconds for *_seconds).
struct HistogramSnapshot {
  std::vector<std::pair<double, double>> buckets;  // (upper bound `le`, cumulative count)
  double sum = 0, count = 0;

  double mean() const;  // sum / count; 0 when empty
  // The q-quantile by linear interpolation inside its bucket, as Prometheus'
  // histogram_quantile: the first bucket starts at 0 (if its bound is above
  // 0); the highest finite bound when the quantile falls in the +Inf bucket.
  // q is clamped to [0,1]; 0 when empty or when there is no finite bound.
  double quantile(double q) const;
  // What was observed between `earlier` and this snapshot (a run's window):
  // counts and sum subtracted. When the two cannot be compared (different
  // bounds, or a count went down because the service restarted and its
  // counters started again from zero) the result is this snapshot whole:
  // everything it counts was observed since the restart.
  HistogramSnapshot minus(const HistogramSnapshot& earlier) const;
};

// nullopt when the scrape has no sample of the family (no name_bucket,
// name_sum or name_count); an error naming the family and the label set when
// it is malformed: a bucket without le, le not a number, le given twice,
// buckets not cumulative, no +Inf bucket, name_sum or name_count missing,
// count different from the +Inf bucket, a negative or NaN count, or label
// sets with different bounds (they could not be merged).
Result<std::optional<HistogramSnapshot>> histogram(const Scrape& scrape, std::string_view name);

}  // namespace stackplan::calibrate
