// stackplan simulate: flags -> report::run_simulate_command -> stdout and
// the requested files. The work is in src/report and src/sim.
#include <iostream>

#include "cli/commands.h"
#include "core/text_file.h"
#include "report/simulate_command.h"

namespace stackplan::cli {
namespace {

struct SimulateFlags {
  report::SimulateRequest request;
  std::string json_path, timeseries_path, html_path;
  bool check_targets = false;
};

bool write_file(const std::string& path, const std::string& text) {
  if (Status s = write_text_file(path, text); !s) {
    std::cerr << "stackplan simulate: " << s.message() << "\n";
    return false;
  }
  return true;
}

int run_simulate(SimulateFlags f) {
  f.request.want_json = !f.json_path.empty();
  f.request.want_timeseries = !f.timeseries_path.empty();
  f.request.want_html = !f.html_path.empty();
  auto out = report::run_simulate_command(f.request);
  if (!out) {
    std::cerr << out.error().message() << "\n";
    return kExitUsage;
  }
  std::cout << out->text;
  if (f.request.want_json && !write_file(f.json_path, out->json)) return kExitUsage;
  if (f.request.want_timeseries && !write_file(f.timeseries_path, out->timeseries))
    return kExitUsage;
  if (f.request.want_html && !write_file(f.html_path, out->html)) return kExitUsage;
  return f.check_targets && !out->targets_met ? kExitTargetMissed : kExitOk;
}

}  // namespace

void register_simulate(CLI::App& app, int& exit_code) {
  auto flags = std::make_shared<SimulateFlags>();
  report::SimulateRequest& r = flags->request;
  auto* cmd = app.add_subcommand(
      "simulate",
      "Simulate a scenario file (YAML; see docs/SCENARIOS.md) and print a Locust-style summary, "
      "the order view (accepted -> paid), queue, resources and targets. Without FILE, runs the "
      "built-in flash sale (the flash-sale case's async test: 20 users, one worker process).");
  cmd->add_option("file", r.scenario_path, "Scenario file (YAML)")->check(CLI::ExistingFile);
  cmd->add_option(
         "--set", r.overrides,
         "Override a scenario field, e.g. --set architecture.workers.processes=7 (repeatable; "
         "VALUE is YAML; a path may start below its section: workers.processes=7)")
      ->type_name("PATH=VALUE")
      ->allow_extra_args(false);
  cmd->add_option("--seed", r.seed, "Random seed (default: simulation.seed, else 1)");
  cmd->add_option("--replications,-r", r.replications,
                  "Run R seeds and print means with 95% confidence intervals")
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--threads", r.threads, "Threads for replications (default: all cores)")
      ->check(CLI::Range(1, 1024));
  cmd->add_option("--json", flags->json_path, "Write the result as JSON (docs/OUTPUT.md)");
  cmd->add_option("--timeseries", flags->timeseries_path,
                  "Write per-second queue depth, in-flight, arrivals, completions and active "
                  "workers as CSV (a single run only)");
  cmd->add_option("--html", flags->html_path,
                  "Write a self-contained HTML report with charts (docs/REPORT.md)");
  cmd->add_flag("--locust-compatible", r.locust_compatible,
                "Print Locust's own tables: its 175-column layout, its 11 percentiles, whole "
                "milliseconds and its rounding (default: fits 100 columns, exact times)");
  cmd->add_flag("--check-targets", flags->check_targets,
                "Exit with status 1 when a target in the scenario is missed");
  cmd->callback([flags, &exit_code] { exit_code = run_simulate(*flags); });
}

}  // namespace stackplan::cli
