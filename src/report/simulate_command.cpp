#include "report/simulate_command.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <thread>

#include "report/explain.h"
#include "report/html_report.h"
#include "report/sim_report.h"
#include "scenario/scenario.h"
#include "sim/simulator.h"
#include "sim/targets.h"

namespace stackplan::report {
namespace {

// The scenario's name and description are the user's bytes and may not be
// UTF-8: replaced with U+FFFD rather than thrown.
std::string json_text(const nlohmann::json& doc) {
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

bool all_met(const std::vector<sim::TargetCheck>& targets) {
  return std::all_of(targets.begin(), targets.end(),
                     [](const sim::TargetCheck& t) { return t.met; });
}

int replication_threads(int requested) {
  if (requested > 0) return requested;
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

Result<SimulateOutput> replicate(const Scenario& scenario, uint64_t seed,
                                 const SimulateRequest& request) {
  auto runs = sim::simulate_replications(scenario, seed, request.replications,
                                         replication_threads(request.threads));
  if (!runs) return runs.error();
  auto targets = sim::check_targets(scenario.targets, *runs);
  SimulateOutput out;
  out.text = replications_text(scenario, *runs, targets);
  if (request.want_json) out.json = json_text(replications_json(*runs, targets));
  if (request.want_html) {
    auto html = render_report({{"", replications_json(*runs, targets), ""}}, ReportFormat::kHtml);
    if (!html) return html.error();
    out.html = std::move(*html);
  }
  out.targets_met = all_met(targets);
  return out;
}

Result<SimulateOutput> run_once(const Scenario& scenario, uint64_t seed,
                                const SimulateRequest& request) {
  sim::SimOptions options;
  options.seed = seed;
  // The JSON and the HTML report carry the per-second timeline for their
  // charts of queue depth and throughput over time.
  options.timeline = request.want_timeseries || request.want_json || request.want_html;
  auto result = sim::simulate(scenario, options);
  if (!result) return result.error();
  auto targets = sim::check_targets(scenario.targets, *result);
  SimulateOutput out;
  const LocustMode mode = request.locust_compatible ? LocustMode::kLocust : LocustMode::kExact;
  out.text = sim_text(scenario, *result, targets, {mode});
  if (request.want_json) out.json = json_text(sim_json(*result, targets));
  if (request.want_timeseries) out.timeseries = timeline_csv(*result);
  if (request.want_html) {
    ReportInput input{"", sim_json(*result, targets), ""};
    input.explanation = explain_text(scenario, sim::estimate_capacity(scenario),
                                     "stackplan simulate " + request.scenario_path);
    auto html = render_report({input}, ReportFormat::kHtml);
    if (!html) return html.error();
    out.html = std::move(*html);
  }
  out.targets_met = all_met(targets);
  return out;
}

}  // namespace

Result<SimulateOutput> run_simulate_command(const SimulateRequest& request) {
  auto scenario =
      request.scenario_path.empty()
          ? parse_scenario_text(default_scenario_yaml(), "(built-in)", ".", request.overrides)
          : parse_scenario_file(request.scenario_path, request.overrides);
  if (!scenario) return scenario.error();
  if (request.replications > 1 && request.want_timeseries)
    return Error(
        "--timeseries needs a single run: replications keep no per-second timeline (drop "
        "--replications, or pick one seed with --seed)");
  uint64_t seed = request.seed.value_or(scenario->simulation.seed);
  if (request.replications > 1) return replicate(*scenario, seed, request);
  return run_once(*scenario, seed, request);
}

}  // namespace stackplan::report
