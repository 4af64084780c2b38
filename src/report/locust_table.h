// Locust's headless `--only-summary` tables (Locust 2.x), column for column,
// so a stackplan table can be diffed against a Locust run. Two modes:
// exact (percentiles straight from the histogram) and Locust-compatible
// (response times rounded as Locust rounds them before its percentiles:
// to 1 ms below 100 ms, 10 ms below 1 s, 100 ms below 10 s, 1 s above).
#pragma once

#include <string>
#include <vector>

#include "core/duration.h"
#include "core/histogram.h"

namespace stackplan::report {

// One named request type with its latencies in nanoseconds.
struct LocustEntry {
  std::string method;  // "GET", "POST"; empty for the aggregate row
  std::string name;    // "/orders/async"
  uint64_t requests = 0;
  uint64_t failures = 0;
  const Histogram* latency_ns = nullptr;
};

struct LocustOptions {
  bool locust_rounding = false;
  Duration measured_time;  // req/s divides by this
};

// Both tables, as Locust prints them, ending with a newline. The aggregate
// row is computed from the entries.
std::string locust_summary(const std::vector<LocustEntry>& entries, const LocustOptions& options);

// Locust's rounding of one response time in milliseconds.
double locust_round_ms(double ms);

// Splits "POST /orders/async" into method and name ("" and the whole text
// when there is no method).
LocustEntry entry_from_request_name(const std::string& request_name);

}  // namespace stackplan::report
