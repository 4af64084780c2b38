// stackplan plan: flags -> report::run_plan_command -> stdout. The work is in
// src/plan (the search) and src/report (the command and its renderers);
// docs/PLAN.md is the guide, docs/OUTPUT.md the JSON schema.
#include <algorithm>
#include <atomic>
#include <csignal>
#include <iostream>
#include <thread>

#include "cli/commands.h"
#include "cli/progress_line.h"
#include "core/text_file.h"
#include "report/plan_command.h"

namespace stackplan::cli {
namespace {

std::atomic<bool> g_interrupted{false};

void on_sigint(int) {
  g_interrupted.store(true);
  std::signal(SIGINT, SIG_DFL);  // a second Ctrl-C ends the process at once
}

struct PlanFlags {
  report::PlanRequest request;
  std::string format, html_path;
  bool json = false, markdown = false, quiet = false;
};

int run_plan(PlanFlags f) {
  report::PlanRequest& r = f.request;
  if (f.json + f.markdown + !f.format.empty() > 1) {
    std::cerr << "stackplan plan: choose one of --format, --json and --markdown\n";
    return kExitUsage;
  }
  r.format = f.json ? "json" : f.markdown ? "markdown" : f.format.empty() ? "text" : f.format;
  ProgressLine progress(progress_wanted(f.quiet));
  if (progress.enabled())
    r.progress = [&progress](const std::string& line) { progress.show(line); };
  g_interrupted = false;
  r.stop = &g_interrupted;
  r.want_html = !f.html_path.empty();
  auto previous = std::signal(SIGINT, on_sigint);
  auto out = report::run_plan_command(r);
  std::signal(SIGINT, previous);
  progress.clear();
  if (!out) {
    std::cerr << out.error().message() << "\n";
    return kExitUsage;
  }
  std::cout << out->report;
  std::cout.flush();
  if (r.want_html) {
    if (Status s = write_text_file(f.html_path, out->html); !s) {
      std::cerr << "stackplan plan: " << s.message() << "\n";
      return kExitUsage;
    }
  }
  return out->exit_status == 0 ? kExitOk : kExitTargetMissed;
}

}  // namespace

void register_plan(CLI::App& app, int& exit_code) {
  auto flags = std::make_shared<PlanFlags>();
  report::PlanRequest& r = flags->request;
  r.jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  auto* cmd = app.add_subcommand(
      "plan",
      "Search the plan: section of a scenario file for the cheapest configuration per platform "
      "that meets every target in every case, with the options that fail and why, the "
      "least-regret choice, the volumes and peaks where the answer flips, and which input moves "
      "it most (docs/PLAN.md).\n"
      "Exit status: 0 an answer was found and the search is complete; 1 nothing meets the "
      "targets (the report names the target and the closest configuration) or the search "
      "stopped early (Ctrl-C, --max-simulations: the best so far is printed, marked "
      "incomplete); 2 a bad file, flag or catalog, or a space too large to search without "
      "--max-simulations.");
  cmd->add_option("file", r.path, "Scenario file with a plan: section (YAML)")
      ->required()
      ->check(CLI::ExistingFile);
  add_set_option(cmd, r.overrides);
  cmd->add_option("--platform", r.platforms,
                  "Search only these platforms (aws, railway, render, heroku, digitalocean; "
                  "repeatable); default: plan.platforms");
  cmd->add_option("--format", flags->format, "text (default) | markdown | json");
  cmd->add_flag("--json", flags->json, "Same as --format json (schema in docs/OUTPUT.md)");
  cmd->add_flag("--markdown", flags->markdown, "Same as --format markdown");
  cmd->add_option("--html", flags->html_path,
                  "Also write a self-contained HTML report with charts (docs/REPORT.md)");
  cmd->add_option("--jobs,-j", r.jobs, "Simulations at once (default: one per hardware thread)")
      ->check(CLI::Range(1, 1024));
  cmd->add_option("--max-simulations", r.max_simulations,
                  "Stop after this many simulations and print the best found so far (exit 1); "
                  "needed for a space of more than a million candidate evaluations")
      ->check(CLI::Range(uint64_t{1}, UINT64_MAX));
  cmd->add_flag("--brute-force", r.brute_force,
                "Simulate every candidate in every case (no pruning, cache or bisection): a "
                "check that the search finds the same answer");
  cmd->add_option("--catalog", r.catalog_dir,
                  "Price catalog directory (default: $STACKPLAN_CATALOG, else "
                  "share/stackplan/catalog beside the installed binary, else the source tree's "
                  "catalog/)");
  cmd->add_flag("-q,--quiet", flags->quiet,
                "No progress line on stderr (shown only on a terminal, after the first second)");
  cmd->callback([flags, &exit_code] { exit_code = run_plan(*flags); });
}

}  // namespace stackplan::cli
