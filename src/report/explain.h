// The library behind `stackplan explain`: what a scenario means before
// anything runs, in plain words or as JSON, from sim::estimate_capacity.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "scenario/scenario.h"
#include "sim/capacity.h"

namespace stackplan::report {

struct ExplainRequest {
  std::string scenario_path;  // empty: the built-in scenario, as simulate runs it
  bool json = false;
  std::vector<std::string> overrides;  // --set PATH=VALUE, applied in order
};

// An error means the scenario could not be read (file:line:column: field).
Result<std::string> run_explain_command(const ExplainRequest& request);

// `simulate_command` is what the reader runs next, e.g. "stackplan simulate x.yaml".
std::string explain_text(const Scenario& scenario, const sim::CapacityEstimate& estimate,
                         const std::string& simulate_command);
std::string explain_json(const Scenario& scenario, const sim::CapacityEstimate& estimate);

}  // namespace stackplan::report
