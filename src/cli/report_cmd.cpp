// stackplan report: saved --json outputs of simulate, cost, plan and load
// joined into one HTML file with charts, or Markdown tables. The work is in
// src/report/html_report.h (docs/REPORT.md).
#include <iostream>

#include "cli/commands.h"
#include "core/text_file.h"
#include "report/html_report.h"

namespace stackplan::cli {
namespace {

struct ReportFlags {
  std::vector<std::string> inputs;
  std::string output;
  std::string format = "html";
};

int run_report(const ReportFlags& f) {
  if (f.format != "html" && f.format != "markdown") {
    std::cerr << "stackplan report: --format " << f.format << ": expected html or markdown\n";
    return kExitUsage;
  }
  std::vector<report::ReportInput> inputs;
  for (const auto& path : f.inputs) {
    auto input = report::read_report_input(path);
    if (!input) {
      std::cerr << "stackplan report: " << input.error().message() << "\n";
      return kExitUsage;
    }
    inputs.push_back(std::move(*input));
  }
  auto text = report::render_report(
      inputs, f.format == "html" ? report::ReportFormat::kHtml : report::ReportFormat::kMarkdown);
  if (!text) {
    std::cerr << "stackplan report: " << text.error().message() << "\n";
    return kExitUsage;
  }
  if (f.output.empty() || f.output == "-") {
    std::cout << *text;
  } else if (Status s = write_text_file(f.output, *text); !s) {
    std::cerr << "stackplan report: " << s.message() << "\n";
    return kExitUsage;
  }
  return kExitOk;
}

}  // namespace

void register_report(CLI::App& app, int& exit_code) {
  auto flags = std::make_shared<ReportFlags>();
  auto* cmd = app.add_subcommand(
      "report",
      "Join saved results (simulate/plan/load --json, cost --format json) into one "
      "self-contained HTML report with charts, or Markdown tables");
  cmd->add_option("results", flags->inputs, "Saved JSON results, shown in this order")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("-o,--output", flags->output, "Write to this file instead of stdout");
  cmd->add_option("--format", flags->format, "html (default) | markdown");
  cmd->callback([flags, &exit_code] { exit_code = run_report(*flags); });
}

}  // namespace stackplan::cli
