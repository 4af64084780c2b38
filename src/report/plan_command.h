// `stackplan plan` as a library call: read the plan file and the catalog,
// search, find flip points and sensitivity, render. The command line only
// maps its flags to a PlanRequest and prints the PlanOutput.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/status.h"

namespace stackplan::report {

struct PlanRequest {
  std::string path;
  std::vector<std::string> platforms;  // empty: the plan's own list
  std::string format = "text";         // text | markdown | json
  bool want_html = false;              // also the HTML report (docs/REPORT.md)
  std::string catalog_dir;             // empty: find_catalog_dir's places
  std::vector<std::string> overrides;  // --set PATH=VALUE, applied in order
  int jobs = 1;
  // Simulations allowed (0: unlimited, but a space of more than a million
  // candidate evaluations is refused and the error asks for this flag).
  uint64_t max_simulations = 0;
  bool brute_force = false;  // check the search: every candidate in every case
  // Raised by the Ctrl-C handler: the search stops and the best answer so
  // far is rendered, marked incomplete.
  const std::atomic<bool>* stop = nullptr;
  // One progress line ("searching: 312 simulations (41/s), ...") at most a
  // few times a second, none in the first second; empty: none. The CLI
  // passes one only when stderr is a terminal.
  std::function<void(const std::string&)> progress;
};

struct PlanOutput {
  std::string report;
  std::string html;  // when want_html
  // 0: a feasible answer on at least one platform and the search complete;
  // 1: no candidate meets the targets (the report says which and the
  // closest), or the search was stopped early.
  int exit_status = 0;
};

// Errors (unreadable or invalid file, catalog, a space too large) mean no report.
Result<PlanOutput> run_plan_command(const PlanRequest& request);

}  // namespace stackplan::report
