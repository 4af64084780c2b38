// stackplan simulate: flags -> scenario -> simulator -> renderers.
#include <iostream>
#include <nlohmann/json.hpp>
#include <thread>

#include "cli/commands.h"
#include "core/text_file.h"
#include "report/sim_report.h"
#include "scenario/scenario.h"
#include "sim/simulator.h"
#include "sim/targets.h"

namespace stackplan::cli {
namespace {

struct SimulateFlags {
  std::string file;
  std::optional<uint64_t> seed;
  int replications = 1;
  int threads = 0;
  std::string json_path, timeseries_path;
  bool locust_compatible = false;
  bool check_targets = false;
};

bool write_file(const std::string& path, const std::string& text) {
  if (Status s = write_text_file(path, text); !s) {
    std::cerr << "stackplan simulate: " << s.message() << "\n";
    return false;
  }
  return true;
}

// The scenario's name and description are the user's bytes and may not be
// UTF-8: replaced with U+FFFD rather than thrown.
std::string json_text(const nlohmann::json& doc) {
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

int exit_for(const std::vector<sim::TargetCheck>& targets) {
  for (const auto& t : targets)
    if (!t.met) return kExitTargetMissed;
  return kExitOk;
}

int run_simulate(const SimulateFlags& f) {
  auto scenario = f.file.empty() ? parse_scenario_text(default_scenario_yaml(), "(built-in)")
                                 : parse_scenario_file(f.file);
  if (!scenario) {
    std::cerr << scenario.error().message() << "\n";
    return kExitUsage;
  }
  uint64_t seed = f.seed.value_or(scenario->simulation.seed);

  if (f.replications > 1) {
    int threads = f.threads > 0
                      ? f.threads
                      : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    auto runs = sim::simulate_replications(*scenario, seed, f.replications, threads);
    if (!runs) {
      std::cerr << runs.error().message() << "\n";
      return kExitUsage;
    }
    auto targets = sim::check_targets(scenario->targets, *runs);
    std::cout << report::replications_text(*scenario, *runs, targets);
    if (!f.json_path.empty() &&
        !write_file(f.json_path, json_text(report::replications_json(*runs, targets))))
      return kExitUsage;
    return f.check_targets ? exit_for(targets) : kExitOk;
  }

  sim::SimOptions options;
  options.seed = seed;
  options.timeline = !f.timeseries_path.empty();
  auto result = sim::simulate(*scenario, options);
  if (!result) {
    std::cerr << result.error().message() << "\n";
    return kExitUsage;
  }
  auto targets = sim::check_targets(scenario->targets, *result);
  std::cout << report::sim_text(*scenario, *result, targets, {f.locust_compatible});
  if (!f.json_path.empty() &&
      !write_file(f.json_path, json_text(report::sim_json(*result, targets))))
    return kExitUsage;
  if (!f.timeseries_path.empty() && !write_file(f.timeseries_path, report::timeline_csv(*result)))
    return kExitUsage;
  return f.check_targets ? exit_for(targets) : kExitOk;
}

}  // namespace

void register_simulate(CLI::App& app, int& exit_code) {
  auto flags = std::make_shared<SimulateFlags>();
  auto* cmd = app.add_subcommand(
      "simulate",
      "Simulate a scenario file (YAML; see docs/SCENARIOS.md) and print a Locust-style summary, "
      "the order view (accepted -> paid), queue, resources and targets. Without FILE, runs the "
      "built-in seed 003 flash sale (20 users, async, one worker process).");
  cmd->add_option("file", flags->file, "Scenario file (YAML)")->check(CLI::ExistingFile);
  cmd->add_option("--seed", flags->seed, "Random seed (default: simulation.seed, else 1)");
  cmd->add_option("--replications,-r", flags->replications,
                  "Run R seeds and print means with 95% confidence intervals")
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--threads", flags->threads, "Threads for replications (default: all cores)")
      ->check(CLI::Range(1, 1024));
  cmd->add_option("--json", flags->json_path, "Write the result as JSON (docs/OUTPUT.md)");
  cmd->add_option("--timeseries", flags->timeseries_path,
                  "Write per-second queue depth, in-flight, arrivals, completions and active "
                  "workers as CSV");
  cmd->add_flag("--locust-compatible", flags->locust_compatible,
                "Round response times as Locust does before its percentiles");
  cmd->add_flag("--check-targets", flags->check_targets,
                "Exit with status 1 when a target in the scenario is missed");
  cmd->callback([flags, &exit_code] { exit_code = run_simulate(*flags); });
}

}  // namespace stackplan::cli
