// Renders a load run for people (Locust's tables plus what Locust does not
// show) and for machines (JSON, per-second CSV). The JSON names are stable
// and documented in docs/OUTPUT.md. src/load measures; this file only renders.
#pragma once

#include <string>
#include <vector>

#include "load/load_command.h"
#include "load/load_runner.h"
#include "load/threshold.h"
#include "report/locust_table.h"

namespace stackplan::report {

// Locust's two tables (and error report) for the run. In kLocust mode req/s
// divides by the time to the last response, as Locust does; in kExact mode
// by the whole run time.
std::string load_locust_tables(const load::LoadReport& report, LocustMode mode);

// What Locust does not show: status codes, error kinds, corrected and
// uncorrected latency, and for the open model the offered rate with late and
// dropped sends.
std::string load_details(const load::LoadReport& report);

// One line per threshold: "ok   p95<200ms (actual 12.3ms)".
std::string load_thresholds_text(const std::vector<load::Threshold::Outcome>& outcomes);

// What `stackplan load` prints: Locust's tables (with Locust's rounding when
// the command asked for it), the details, then the thresholds.
std::string load_text(const load::LoadCommand& command, const load::LoadOutput& output);

std::string load_json(const load::LoadReport& report,
                      const std::vector<load::Threshold::Outcome>& thresholds);

// The content of PREFIX_timeline.csv: one row per second.
std::string load_timeline_csv(const load::LoadReport& report);
// The content of PREFIX_stats.csv: one row per endpoint, then the aggregate.
std::string load_stats_csv(const load::LoadReport& report);

struct OutputFile {
  std::string path, content;
};

// The files the command asked for: JSON, then the CSV timeline and stats.
std::vector<OutputFile> load_files(const load::LoadCommand& command,
                                   const load::LoadOutput& output);

}  // namespace stackplan::report
