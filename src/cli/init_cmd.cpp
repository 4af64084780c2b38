// stackplan init: writes a commented starter scenario (templates/*.yaml,
// embedded in the binary) to stdout or a new file.
#include <filesystem>
#include <iostream>

#include "cli/commands.h"
#include "cli/templates.h"
#include "core/text_file.h"

namespace stackplan::cli {
namespace {

struct InitFlags {
  std::string template_name = "flash-sale";
  std::string output_path;  // empty: stdout
  bool force = false;
};

std::string template_names() {
  std::string names;
  for (const StarterTemplate& t : starter_templates())
    names += (names.empty() ? "" : ", ") + std::string(t.name);
  return names;
}

int run_init(const InitFlags& f) {
  const StarterTemplate* chosen = nullptr;
  for (const StarterTemplate& t : starter_templates())
    if (t.name == f.template_name) chosen = &t;
  if (chosen == nullptr) {
    std::cerr << "stackplan init: unknown template \"" << f.template_name
              << "\"; expected one of: " << template_names() << "\n";
    return kExitUsage;
  }
  if (f.output_path.empty()) {
    std::cout << chosen->yaml;
    return kExitOk;
  }
  std::error_code ec;
  if (!f.force && std::filesystem::exists(f.output_path, ec)) {
    std::cerr << "stackplan init: " << f.output_path
              << " already exists; pass --force to overwrite it\n";
    return kExitUsage;
  }
  if (Status s = write_text_file(f.output_path, std::string(chosen->yaml)); !s) {
    std::cerr << "stackplan init: " << s.message() << "\n";
    return kExitUsage;
  }
  std::cerr << "Wrote " << f.output_path << ". Next: stackplan explain " << f.output_path << "\n";
  return kExitOk;
}

}  // namespace

void register_init(CLI::App& app, int& exit_code) {
  auto flags = std::make_shared<InitFlags>();
  auto* cmd = app.add_subcommand(
      "init",
      "Write a commented starter scenario: every field with its unit and where its value comes "
      "from. flash-sale: a flash sale on an async order service (the flash-sale case); saas: a "
      "micro-SaaS API on functions; scan: CPU-bound jobs from a queue (the repository-scanner "
      "case). Prints to stdout unless -o is given.");
  cmd->add_option("--template,-t", flags->template_name,
                  "Starter: " + template_names() + " (default: flash-sale)");
  cmd->add_option("-o,--output", flags->output_path, "Write to this file instead of stdout");
  cmd->add_flag("--force", flags->force, "Overwrite the output file if it exists");
  cmd->callback([flags, &exit_code] { exit_code = run_init(*flags); });
}

}  // namespace stackplan::cli
