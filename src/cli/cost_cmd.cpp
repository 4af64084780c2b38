// stackplan cost / stackplan catalog (being written).
#include "cli/commands.h"
namespace stackplan::cli {
void register_cost(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("cost", "Price a scenario on every platform");
  cmd->callback([&exit_code] { exit_code = kExitUsage; });
}
void register_catalog(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("catalog", "List, show and check the price catalog");
  cmd->callback([&exit_code] { exit_code = kExitUsage; });
}
}  // namespace stackplan::cli
