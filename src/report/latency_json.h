// The one JSON object for a latency distribution, shared by `simulate --json`,
// `load --json` and every place that nests one (docs/OUTPUT.md, "The latency
// object"): milliseconds to the microsecond, under the same keys everywhere.
#pragma once

#include <nlohmann/json.hpp>

#include "core/histogram.h"

namespace stackplan::report {

// {avg, min, max, p50, p90, p95, p99, p999} of h (nanoseconds), in milliseconds.
nlohmann::json latency_json(const Histogram& h);

// Nanoseconds as milliseconds rounded to the microsecond: finer digits would
// only repeat the histogram's bucket arithmetic (it is exact to 0.8%).
double ms_to_the_microsecond(double ns);

}  // namespace stackplan::report
