// Each subcommand registers its flags on the application and the function
// that runs it. Subcommands only parse flags and call a library.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace stackplan::cli {

// Exit codes shared by all subcommands.
inline constexpr int kExitOk = 0;
inline constexpr int kExitTargetMissed = 1;  // a threshold or target failed
inline constexpr int kExitUsage = 2;         // bad input, usage or I/O error

// `--set PATH=VALUE`, repeatable, on every command that reads a scenario
// file (core/yaml_override.h applies them).
inline CLI::Option* add_set_option(CLI::App* cmd, std::vector<std::string>& overrides) {
  return cmd
      ->add_option("--set", overrides,
                   "Override a scenario field, e.g. --set architecture.workers.processes=7 "
                   "(repeatable; VALUE is YAML; a path may start below its section: "
                   "workers.processes=7)")
      ->type_name("PATH=VALUE")
      ->allow_extra_args(false);
}

// The callback stores the subcommand's exit status here.
void register_simulate(CLI::App& app, int& exit_code);
void register_cost(CLI::App& app, int& exit_code);       // cost (src/cli/cost_cmd.cpp)
void register_catalog(CLI::App& app, int& exit_code);    // catalog list|show|check
void register_load(CLI::App& app, int& exit_code);       // load (src/cli/load_cmd.cpp)
void register_explain(CLI::App& app, int& exit_code);    // explain (src/cli/explain_cmd.cpp)
void register_init(CLI::App& app, int& exit_code);       // init (src/cli/init_cmd.cpp)
void register_plan(CLI::App& app, int& exit_code);       // plan (src/cli/plan_cmd.cpp)
void register_calibrate(CLI::App& app, int& exit_code);  // calibrate (src/cli/calibrate_cmd.cpp)
void register_report(CLI::App& app, int& exit_code);     // report (src/cli/report_cmd.cpp)

}  // namespace stackplan::cli
