// `stackplan load` as a library call: a LoadRequest checked and parsed, the
// run, and thresholds checked. It returns results only: src/report renders
// them (report/load_report.h), and the command line prints and writes that.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "core/status.h"
#include "load/load_request.h"
#include "load/load_runner.h"
#include "load/threshold.h"

namespace stackplan::load {

struct LoadCommand {
  LoadRequest request;
  std::vector<std::string> thresholds;  // "p95<200ms", "failures<1%", ...
  // How the results are rendered (report/load_report.h), not measured.
  bool locust_compatible = false;  // Locust's layout and rounding in the tables
  std::string json_path;           // empty: no JSON file
  std::string csv_prefix;          // empty: no CSV files
  // Passed on to LoadOptions: stop early, and a summary each second.
  const std::atomic<bool>* cancel = nullptr;
  std::function<void(const SecondSummary&)> on_second;
};

struct LoadOutput {
  LoadReport report;
  std::vector<Threshold::Outcome> outcomes;
  // Nothing answered, so the run says nothing about the service: why, naming
  // the target. Empty when some response came back.
  std::string no_answer;
  bool thresholds_met = true;
};

// Errors are setup problems: a bad option, threshold or plan, a host that
// does not resolve. Failed requests are in the report.
Result<LoadOutput> run_load_command(const LoadCommand& command);

}  // namespace stackplan::load
