// stackplan simulate: flags -> report::run_simulate_command -> stdout and
// the requested files. The work is in src/report and src/sim.
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <iostream>

#include "cli/commands.h"
#include "cli/progress_line.h"
#include "core/text_file.h"
#include "core/units.h"
#include "report/simulate_command.h"

namespace stackplan::cli {
namespace {

std::atomic<bool> g_interrupted{false};

void on_sigint(int) {
  g_interrupted.store(true);
  std::signal(SIGINT, SIG_DFL);  // a second Ctrl-C ends the process at once
}

struct SimulateFlags {
  report::SimulateRequest request;
  std::string json_path, timeseries_path, html_path;
  bool check_targets = false, quiet = false;
};

// "simulating: 12m 03s of 28m 51s (41%), 52x real time, 3.1M events/s, ETA 25s";
// past the traffic's end the drain has no known end, so no ETA;
// replications: "replications: 3 of 20 done (15%), ETA 1m 10s".
std::string progress_text(const report::SimulateProgress& p,
                          std::chrono::duration<double> elapsed) {
  if (p.replications > 1) {
    const double done = static_cast<double>(p.replications_done) / p.replications;
    return fmt::format("replications: {} of {} done ({}%), {}", p.replications_done, p.replications,
                       percent(done), eta_text(done, elapsed));
  }
  const double wall_s = std::max(elapsed.count(), 1e-9);
  const std::string rate =
      fmt::format("{:.0f}x real time, {:.1f}M events/s", p.run.reached.seconds_f() / wall_s,
                  static_cast<double>(p.run.events) / wall_s / 1e6);
  if (p.run.reached >= p.run.traffic_end)
    return fmt::format("draining: {} after traffic end (limit {}), {}",
                       format_duration(p.run.reached - p.run.traffic_end),
                       format_duration(p.run.limit - p.run.traffic_end), rate);
  const double done = p.run.reached.seconds_f() / p.run.traffic_end.seconds_f();
  return fmt::format("simulating: {} of {} ({}%), {}, {}", format_duration(p.run.reached),
                     format_duration(p.run.traffic_end), percent(done), rate,
                     eta_text(done, elapsed));
}

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
  ProgressLine progress(progress_wanted(f.quiet));
  if (progress.enabled())
    f.request.progress = [&progress](const report::SimulateProgress& p) {
      progress.show(progress_text(p, progress.elapsed()));
    };
  g_interrupted = false;
  f.request.stop = &g_interrupted;
  auto previous = std::signal(SIGINT, on_sigint);
  auto out = report::run_simulate_command(f.request);
  std::signal(SIGINT, previous);
  progress.clear();
  if (!out) {
    std::cerr << out.error().message() << "\n";
    return kExitUsage;
  }
  std::cout << out->text;
  if (f.request.want_json && !write_file(f.json_path, out->json)) return kExitUsage;
  if (f.request.want_timeseries && !write_file(f.timeseries_path, out->timeseries))
    return kExitUsage;
  if (f.request.want_html && !write_file(f.html_path, out->html)) return kExitUsage;
  if (!out->complete) return kExitTargetMissed;
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
      "built-in flash sale (the flash-sale case's async test: 20 users, one worker process).\n"
      "Ctrl-C stops the run and prints what it has so far, marked incomplete (exit status 1); "
      "a second Ctrl-C ends at once.");
  cmd->add_option("file", r.scenario_path, "Scenario file (YAML)")->check(CLI::ExistingFile);
  add_set_option(cmd, r.overrides);
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
  cmd->add_flag("-q,--quiet", flags->quiet,
                "No progress line on stderr (shown only on a terminal, after the first second)");
  cmd->callback([flags, &exit_code] { exit_code = run_simulate(*flags); });
}

}  // namespace stackplan::cli
