// stackplan: measure, simulate and price a backend before building it.
#include <CLI/CLI.hpp>

#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{
      "stackplan: know how a backend behaves under a flash sale, and what it costs on each "
      "platform, before you build it."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "stackplan 0.1.0");
  int exit_code = stackplan::cli::kExitOk;
  stackplan::cli::register_simulate(app, exit_code);
#ifdef STACKPLAN_WITH_COST
  stackplan::cli::register_cost(app, exit_code);
  stackplan::cli::register_catalog(app, exit_code);
#endif
#ifdef STACKPLAN_WITH_LOAD
  stackplan::cli::register_load(app, exit_code);
#endif
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : stackplan::cli::kExitUsage;
  }
  return exit_code;
}
