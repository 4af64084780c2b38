// Locust's `--only-summary` tables, column for column, so a stackplan run (a
// measured one, or later a simulated one) can be held next to a Locust run
// and diffed:
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
// Two modes:
// - kLocust applies Locust 2.x's arithmetic: times in whole milliseconds,
//   truncated; percentiles and the median computed from response times
//   rounded to 1 ms below 100 ms, 10 ms below 1 s, 100 ms below 10 s and 1 s
//   above, so a percentile can exceed the max, exactly as Locust prints it.
// - kExact prints the same layout with the histogram's values (within 0.8%),
//   percentiles never above the max, and milliseconds with decimals where
//   they fit the column (2 below 100 ms, 1 below 1 s).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/duration.h"
#include "core/histogram.h"

namespace stackplan::load {

enum class TableMode { kExact, kLocust };

// Response times rounded as Locust 2.x keeps them (to 1 ms below 100 ms,
// 10 ms below 1 s, 100 ms below 10 s, 1 s above, up to an hour), counted
// exactly: the kLocust percentiles are then Locust's own. Fixed size (31 KB).
class LocustRoundedTimes {
 public:
  static constexpr int kSlots = 100 + 1 + 90 + 90 + 3590;

  void record(uint64_t ns) { record_n(ns, 1); }
  void record_n(uint64_t ns, uint64_t n) {
    counts_[static_cast<size_t>(slot_of(static_cast<double>(ns) / 1e6))] += n;
    total_ += n;
  }
  void merge(const LocustRoundedTimes& other);
  uint64_t count() const { return total_; }
  // Visits (rounded milliseconds, count) in ascending order.
  template <typename F>
  void for_each(F&& f) const {
    for (int i = 0; i < kSlots; ++i)
      if (counts_[static_cast<size_t>(i)]) f(key_of(i), counts_[static_cast<size_t>(i)]);
  }
  static int64_t round_like_locust(double ms);

 private:
  static int slot_of(double ms);
  static int64_t key_of(int slot);
  std::array<uint64_t, kSlots> counts_{};
  uint64_t total_ = 0;
};

struct TableRow {
  std::string method;  // "GET"; empty for the Aggregated row
  std::string name;    // "/orders", or "Aggregated"
  uint64_t requests = 0;
  uint64_t failures = 0;
  const Histogram* latency_ns = nullptr;  // every request's time, in nanoseconds
  // For kLocust percentiles; when absent they come from the histogram's
  // buckets, which can differ from Locust's by a rounding step.
  const LocustRoundedTimes* locust_times = nullptr;
};

struct TableError {
  std::string method, name, error;  // printed as "METHOD name: error"
  uint64_t occurrences = 0;
};

// The request statistics table and the percentile table, each followed by a
// blank line, and the error report when errors is not empty. rows are sorted
// by (name, method) as Locust sorts them; total is the Aggregated row;
// duration divides the counts into req/s and failures/s.
std::string render_locust_tables(std::vector<TableRow> rows, const TableRow& total,
                                 Duration duration, TableMode mode,
                                 const std::vector<TableError>& errors = {});

// The percentiles Locust reports, as fractions: 0.50 ... 0.9999, 1.0.
const std::vector<double>& locust_percentiles();

}  // namespace stackplan::load
