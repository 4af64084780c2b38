// The metrics a calibration run sampled, saved as JSON so that `stackplan
// calibrate --metrics-log FILE` can fit the model again later, offline:
//
//   {"format": "stackplan-metrics-log", "version": 1,
//    "source": "http://127.0.0.1:8080/metrics", "interval_seconds": 1,
//    "scrapes": [{"t": 0.0, "samples": [["orderd_queue_depth", {"state": "visible"}, 12],
//                                       ["orderd_orders_paid_total", {}, 340], ...]}, ...]}
//
// `t` is seconds since sampling started; a value that is not a finite number
// is written as the string "NaN", "+Inf" or "-Inf" (JSON has no such numbers).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "calibrate/metrics_sampler.h"
#include "core/duration.h"
#include "core/status.h"

namespace stackplan::calibrate {

inline constexpr int kMetricsLogVersion = 1;
// A log read back is bounded like the sampler that wrote it: at most
// kDefaultMaxScrapes scrapes of at most kMaxSamples samples each, in a file
// of at most this size. An hour of orderd's 135 series at one scrape a second
// is 27 MB, so the ten hours the sampler keeps fit with room to spare.
inline constexpr size_t kMaxMetricsLogBytes = size_t{1} << 30;
// The longest a log may cover (its last `t`) and its longest interval: far
// more than a calibration run, and short enough that `t` in seconds keeps
// nanosecond precision through the JSON double.
inline constexpr Duration kLongestMetricsLog = Duration::seconds(7LL * 24 * 3600);

struct MetricsLog {
  std::string source;                // the /metrics URL sampled
  Duration interval;                 // between scrapes
  std::vector<TimedScrape> scrapes;  // in time order
};

// The JSON text (one scrape per line, so a log reads and diffs well). Label
// values that are not UTF-8 have their bad bytes replaced with U+FFFD.
std::string write_metrics_log(const MetricsLog& log);

// Reads a log written by write_metrics_log. Errors name `source` (the file)
// and the JSON path of the bad field: "samples.log: scrapes[3].t: expected a
// number". Checked: the format and version, every field's type, metric and
// label names, `t` not negative, not beyond kLongestMetricsLog and never
// going back, the interval within [kMinSampleInterval, kLongestMetricsLog],
// and the bounds above (each error names its bound).
Result<MetricsLog> read_metrics_log(std::string_view text, std::string_view source);

}  // namespace stackplan::calibrate
