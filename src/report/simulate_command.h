// The library behind `stackplan simulate`: one scenario, one run or R
// replications, rendered for the terminal and, on request, as JSON and a
// per-second CSV. src/cli maps flags onto a SimulateRequest and prints or
// writes what comes back.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "sim/simulator.h"

namespace stackplan::report {

// Where the command is: a single run's simulated time, or replications done.
struct SimulateProgress {
  sim::SimProgress run;  // a single run
  int replications_done = 0, replications = 1;
};

struct SimulateRequest {
  // Empty: the built-in scenario (the flash-sale case's async test).
  std::string scenario_path;
  std::optional<uint64_t> seed;  // default: the scenario's simulation.seed
  int replications = 1;          // above 1: means with 95% confidence intervals
  int threads = 0;               // for replications; 0: every core
  bool want_json = false;
  bool want_timeseries = false;  // a single run only: replications have none
  bool want_html = false;        // docs/REPORT.md
  bool locust_compatible = false;
  std::vector<std::string> overrides;  // --set PATH=VALUE, applied in order
  // Raised by the Ctrl-C handler: the run stops and what it has so far is
  // rendered, marked incomplete.
  const std::atomic<bool>* stop = nullptr;
  // A few times a second at most, from the simulating threads one call at a
  // time; empty: none.
  std::function<void(const SimulateProgress&)> progress;
};

struct SimulateOutput {
  std::string text;         // for the terminal
  std::string json;         // when want_json: docs/OUTPUT.md
  std::string timeseries;   // when want_timeseries on a single run: CSV
  std::string html;         // when want_html: a self-contained report with charts
  bool targets_met = true;  // every target of the scenario (all met if none)
  // false: stopped early (`stop`); `incomplete` then says where, e.g.
  // "stopped at simulated 12m 03s of 28m 51s (Ctrl-C)", and the text ends
  // with it.
  bool complete = true;
  std::string incomplete;
};

// An error means the scenario could not be read or run (the message names
// the file and field); a missed target is not an error but targets_met.
Result<SimulateOutput> run_simulate_command(const SimulateRequest& request);

}  // namespace stackplan::report
