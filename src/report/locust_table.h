// The request statistics and percentile tables that `stackplan load` (a
// measured run) and `stackplan simulate` (a simulated one) both print, from
// this one renderer, so the two print the same cells with the same digits.
//
// Two layouts:
// - kCompact (the default) fits kTextColumns (100) columns: each column as
//   wide as its widest cell, "fails/s" for "failures/s", and seven of Locust's
//   eleven percentiles (50, 75, 90, 95, 99, 99.9 and 100%; JSON, CSV and HTML
//   keep them all). A name longer than the room the numbers leave is cut in
//   its middle with "..." ("/api/v2/cat.../items/{id}"): both ends of a path
//   tell endpoints apart better than either alone, and a row stays one line
//   (a name keeps at least 16 columns, so only counts and times of absurd
//   width could still push a line past 100).
//   An error report line longer than the room wraps at spaces.
// - kLocust is Locust's `--only-summary` layout (Locust 2.x), column for
//   column, so that either run can be diffed against a Locust run:
//
//   Type     Name          # reqs      # fails |    Avg     Min     Max    Med |   req/s failures/s
//   --------|-------------|-------|-------------|-------|-------|-------|-------|--------|-----------
//   GET      /               1940     0(0.00%) |      1       0      19      1 |   65.11 0.00
//   ...
//   Response time percentiles (approximated)
//   Type     Name              50%    66%    75%    80%    90%    95%    98%    99%  99.9% 99.99%
//   100% # reqs
//
// (the Name column is 76 and 80 characters wide, as Locust prints it when
// stdout is not a terminal).
//
// Two modes of arithmetic, independent of the layout (`--locust-compatible`
// picks kLocust for both):
// - kLocust applies Locust 2.x's arithmetic: times in whole milliseconds,
//   truncated; percentiles and the median computed from response times
//   rounded to 1 ms below 100 ms, 10 ms below 1 s, 100 ms below 10 s and 1 s
//   above, so a percentile can exceed the max, exactly as Locust prints it.
// - kExact prints the histogram's values (within 0.8%), percentiles never
//   above the max, and milliseconds with decimals (2 below 100 ms, 1 below
//   1 s), in either layout.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/duration.h"
#include "core/histogram.h"
#include "load/locust_times.h"

namespace stackplan::report {

enum class LocustMode { kExact, kLocust };
enum class LocustLayout { kCompact, kLocust };

struct LocustRow {
  std::string method;  // "GET"; empty for the Aggregated row
  std::string name;    // "/orders", or "Aggregated"
  uint64_t requests = 0;
  uint64_t failures = 0;
  const Histogram* latency_ns = nullptr;  // every request's time, in nanoseconds
  // For kLocust percentiles; when absent (a simulation) they come from the
  // histogram's buckets, which can differ from Locust's by a rounding step.
  const load::LocustRoundedTimes* locust_times = nullptr;
};

struct LocustError {
  std::string method, name, error;  // printed as "METHOD name: error"
  uint64_t occurrences = 0;
};

struct LocustOptions {
  LocustMode mode = LocustMode::kExact;
  Duration measured_time;  // divides the counts into req/s and failures/s
  LocustLayout layout = LocustLayout::kCompact;
};

// What `--locust-compatible` asks for: Locust's layout and rounding, or the
// compact layout with exact times.
inline LocustOptions locust_options(bool locust_compatible, Duration measured_time) {
  return locust_compatible
             ? LocustOptions{LocustMode::kLocust, measured_time, LocustLayout::kLocust}
             : LocustOptions{LocustMode::kExact, measured_time, LocustLayout::kCompact};
}

// The request statistics table and the percentile table, each followed by a
// blank line, and the error report when errors is not empty. rows are sorted
// by (name, method) as Locust sorts them; total is the Aggregated row.
std::string locust_tables(std::vector<LocustRow> rows, const LocustRow& total,
                          const LocustOptions& options,
                          const std::vector<LocustError>& errors = {});

// Splits "POST /orders/async" into method and name (no method and the whole
// text when it does not start with one).
LocustRow row_from_request_name(const std::string& request_name);

// A time in milliseconds as both layouts print it: kLocust truncates to whole
// milliseconds; kExact keeps 2 decimals below 100 ms, 1 below 1 s, none above.
std::string latency_ms_text(double ms, LocustMode mode);

// The percentiles Locust reports, as fractions: 0.50 ... 0.9999, 1.0.
const std::vector<double>& locust_percentiles();

}  // namespace stackplan::report
