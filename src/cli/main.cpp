// stackplan: measure, simulate and price a backend before building it.
#include <CLI/CLI.hpp>
#include <iostream>
#include <string>

#include "cli/commands.h"
#include "stackplan/version.h"

namespace {

// The subcommands, in the order --help lists them: each registers its name,
// help, flags and the one library call that runs it (src/cli/*_cmd.cpp).
using AddSubcommand = void (*)(CLI::App& app, int& exit_code);
constexpr AddSubcommand kSubcommands[] = {
    stackplan::cli::register_simulate, stackplan::cli::register_explain,
    stackplan::cli::register_init,     stackplan::cli::register_cost,
    stackplan::cli::register_plan,     stackplan::cli::register_catalog,
    stackplan::cli::register_load,     stackplan::cli::register_calibrate,
    stackplan::cli::register_report,
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "stackplan: know how a backend behaves under a flash sale, and what it costs on each "
      "platform, before you build it."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "stackplan " + std::string(stackplan::kVersion));
  int exit_code = stackplan::cli::kExitOk;
  for (AddSubcommand add : kSubcommands) add(app, exit_code);
  // CLI11 reports a misspelt subcommand as "A subcommand is required";
  // name it and list the real ones instead.
  if (argc > 1 && argv[1][0] != '-') {
    std::string names;
    bool known = false;
    for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
      known = known || sub->check_name(argv[1]);
      names += (names.empty() ? "" : ", ") + sub->get_name();
    }
    if (!known) {
      std::cerr << "stackplan: unknown subcommand \"" << argv[1] << "\"; expected one of: " << names
                << "\nRun with --help for more information.\n";
      return stackplan::cli::kExitUsage;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : stackplan::cli::kExitUsage;
  }
  return exit_code;
}
