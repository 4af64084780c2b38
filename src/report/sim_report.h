// Renderers for simulation results: the text report (Locust tables, then the
// order view, queue, resources and targets), JSON with the stable field names
// of docs/OUTPUT.md, the per-second CSV timeline, and the summary of several
// replications with 95% confidence intervals.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "report/locust_table.h"
#include "scenario/scenario.h"
#include "sim/result.h"
#include "sim/targets.h"

namespace stackplan::report {

struct TextOptions {
  LocustMode locust_mode = LocustMode::kExact;
};

std::string sim_text(const Scenario& scenario, const sim::SimResult& result,
                     const std::vector<sim::TargetCheck>& targets, const TextOptions& options);
nlohmann::json sim_json(const sim::SimResult& result, const std::vector<sim::TargetCheck>& targets);
std::string timeline_csv(const sim::SimResult& result);

// Mean and 95% confidence half-width (Student's t) of a sample.
struct Estimate {
  double mean = 0;
  double half_width = 0;
};
Estimate estimate(const std::vector<double>& values);

// The targets section of the text report, under `heading`, and as JSON.
std::string targets_text(const std::vector<sim::TargetCheck>& targets, const std::string& heading);
nlohmann::json targets_json(const std::vector<sim::TargetCheck>& targets);

// `targets` come from sim::check_targets over the same runs.
std::string replications_text(const Scenario& scenario, const std::vector<sim::SimResult>& runs,
                              const std::vector<sim::TargetCheck>& targets);
nlohmann::json replications_json(const std::vector<sim::SimResult>& runs,
                                 const std::vector<sim::TargetCheck>& targets);

}  // namespace stackplan::report
