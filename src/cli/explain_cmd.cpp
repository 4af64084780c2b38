// stackplan explain: flags -> report::run_explain_command -> stdout.
#include <iostream>

#include "cli/commands.h"
#include "report/explain.h"

namespace stackplan::cli {

void register_explain(CLI::App& app, int& exit_code) {
  auto request = std::make_shared<report::ExplainRequest>();
  auto* cmd = app.add_subcommand(
      "explain",
      "Say in plain words what a scenario means before anything runs: the offered load, each "
      "component's capacity and utilisation, the bottleneck, whether the queue grows, how fast "
      "and how long it takes to drain (an average, fluid model; docs/EXPLAIN.md). Where the "
      "averages cannot speak (autoscaling, patience, redeliveries), it says so. Without FILE, "
      "explains the built-in scenario simulate runs.");
  cmd->add_option("file", request->scenario_path, "Scenario file (YAML)")->check(CLI::ExistingFile);
  add_set_option(cmd, request->overrides);
  cmd->add_flag("--json", request->json, "Print the figures as JSON (docs/EXPLAIN.md)");
  cmd->callback([request, &exit_code] {
    auto out = report::run_explain_command(*request);
    if (!out) {
      std::cerr << out.error().message() << "\n";
      exit_code = kExitUsage;
      return;
    }
    std::cout << *out;
    exit_code = kExitOk;
  });
}

}  // namespace stackplan::cli
