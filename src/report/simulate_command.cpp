#include "report/simulate_command.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <thread>

#include "core/units.h"
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

// A stopped command's output ends with the line that says so, and its JSON
// carries the same words.
void mark_incomplete(SimulateOutput& out, nlohmann::json* json, std::string where) {
  out.complete = false;
  out.incomplete = std::move(where);
  out.text += "\nincomplete: " + out.incomplete + "\n";
  if (json != nullptr) {
    (*json)["complete"] = false;
    (*json)["incomplete"] = out.incomplete;
  }
}

// The Ctrl-C handler is the one caller that raises `stop`.
constexpr const char* kStopReason = "(Ctrl-C)";

Result<SimulateOutput> replicate(const Scenario& scenario, uint64_t seed,
                                 const SimulateRequest& request) {
  sim::ReplicationOptions options;
  options.threads = replication_threads(request.threads);
  options.cancel = request.stop;
  if (request.progress)
    options.progress = [&request](int done, int total) { request.progress({{}, done, total}); };
  auto runs = sim::simulate_replications(scenario, seed, request.replications, options);
  if (!runs) return runs.error();
  SimulateOutput out;
  nlohmann::json json;
  if (runs->runs.empty()) {
    json = {{"replications", 0},
            {"seeds", nlohmann::json::array()},
            {"estimates", nlohmann::json::object()},
            {"targets", nlohmann::json::array()}};
  } else {
    auto targets = sim::check_targets(scenario.targets, runs->runs);
    out.text = replications_text(scenario, runs->runs, targets);
    json = replications_json(runs->runs, targets);
    out.targets_met = all_met(targets);
  }
  json["complete"] = true;
  if (!runs->complete)
    mark_incomplete(out, &json,
                    fmt::format("stopped after {} of {} replications {}", runs->runs.size(),
                                request.replications, kStopReason));
  if (request.want_json) out.json = json_text(json);
  if (request.want_html) {
    auto html = render_report({{"", json, ""}}, ReportFormat::kHtml);
    if (!html) return html.error();
    out.html = std::move(*html);
  }
  return out;
}

// "stopped at simulated 12m 03s of 28m 51s (Ctrl-C)", or past the traffic's
// end, how far into the drain.
std::string stopped_at(const Scenario& scenario, const sim::SimResult& result) {
  const Duration planned = scenario.traffic.duration;
  if (result.simulated_time <= planned)
    return fmt::format("stopped at simulated {} of {} {}", format_duration(result.simulated_time),
                       format_duration(planned), kStopReason);
  return fmt::format("stopped at simulated {}, {} into draining the backlog after {} of traffic {}",
                     format_duration(result.simulated_time),
                     format_duration(result.simulated_time - planned), format_duration(planned),
                     kStopReason);
}

Result<SimulateOutput> run_once(const Scenario& scenario, uint64_t seed,
                                const SimulateRequest& request) {
  sim::SimOptions options;
  options.seed = seed;
  // The JSON and the HTML report carry the per-second timeline for their
  // charts of queue depth and throughput over time.
  options.timeline = request.want_timeseries || request.want_json || request.want_html;
  options.cancel = request.stop;
  if (request.progress)
    options.progress = [&request](const sim::SimProgress& p) { request.progress({p, 0, 1}); };
  auto result = sim::simulate(scenario, options);
  if (!result) return result.error();
  auto targets = sim::check_targets(scenario.targets, *result);
  SimulateOutput out;
  const LocustMode mode = request.locust_compatible ? LocustMode::kLocust : LocustMode::kExact;
  out.text = sim_text(scenario, *result, targets, {mode});
  nlohmann::json json = sim_json(*result, targets);
  json["complete"] = true;
  if (!result->complete) mark_incomplete(out, &json, stopped_at(scenario, *result));
  if (request.want_json) out.json = json_text(json);
  if (request.want_timeseries) out.timeseries = timeline_csv(*result);
  if (request.want_html) {
    ReportInput input{"", json, ""};
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
