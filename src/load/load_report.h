// Renders a LoadReport for people (Locust's tables plus what Locust does not
// show) and for machines (JSON, per-second CSV). The JSON names are stable
// and documented in docs/LOAD.md.
#pragma once

#include <string>
#include <vector>

#include "load/load_runner.h"
#include "load/locust_table.h"
#include "load/threshold.h"

namespace stackplan::load {

// Locust's two tables (and error report) for the run. In kLocust mode req/s
// divides by the time to the last response, as Locust does; in kExact mode
// by the whole run time.
std::string render_locust_summary(const LoadReport& report, TableMode mode);

// What Locust does not show: status codes, error kinds, corrected and
// uncorrected latency, and for the open model the offered rate with late and
// dropped sends.
std::string render_details(const LoadReport& report);

// One line per threshold: "ok   p95<200ms (actual 12.3ms)".
std::string render_thresholds(const std::vector<Threshold::Outcome>& outcomes);

std::string to_json(const LoadReport& report, const std::vector<Threshold::Outcome>& thresholds);

// The content of PREFIX_timeline.csv: one row per second.
std::string timeline_csv(const LoadReport& report);
// The content of PREFIX_stats.csv: one row per endpoint, then the aggregate.
std::string stats_csv(const LoadReport& report);

}  // namespace stackplan::load
