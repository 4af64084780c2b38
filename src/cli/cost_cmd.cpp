// stackplan cost: itemized monthly bills per platform, growth stages, TCO,
// break-even and payback for a scenario's deploy/usage/stages/tco/break_even.
// stackplan catalog list|show|check: the price catalog and its rules.
// Flags only; the work is in src/cost (docs/COST.md).
#include <iostream>

#include "cli/commands.h"
#include "core/text_file.h"
#include "report/catalog_command.h"
#include "report/cost_command.h"
#include "report/html_report.h"

namespace stackplan::cli {
namespace {

constexpr const char* kCatalogHelp =
    "Price catalog directory (default: $STACKPLAN_CATALOG, else share/stackplan/catalog "
    "beside the installed binary, else the source tree's catalog/)";

// The HTML report reads the bills as --format json writes them (pricing is
// quick: a second pass rather than a second renderer's entry point).
Status write_cost_html(cost::CostRequest request, const std::string& html_path) {
  request.format = "json";
  auto out = cost::run_cost_command(request);
  if (!out) return out.error();
  auto html = report::render_report({{"", nlohmann::json::parse(out->report), ""}},
                                    report::ReportFormat::kHtml);
  if (!html) return html.error();
  return write_text_file(html_path, *html);
}

int run_cost(const cost::CostRequest& request, const std::string& output_path,
             const std::string& html_path) {
  auto out = cost::run_cost_command(request);
  if (!out) {
    std::cerr << out.error().message() << "\n";
    return kExitUsage;
  }
  if (!html_path.empty()) {
    if (Status s = write_cost_html(request, html_path); !s) {
      std::cerr << "stackplan cost: " << s.message() << "\n";
      return kExitUsage;
    }
  }
  if (output_path.empty() || output_path == "-") {
    std::cout << out->report;
  } else if (Status s = write_text_file(output_path, out->report); !s) {
    std::cerr << s.message() << "\n";
    return kExitUsage;
  }
  for (const auto& why : out->errors) std::cerr << why << "\n";
  return out->incomplete ? kExitUsage : kExitOk;
}

int run_catalog(cost::CatalogRequest request, cost::CatalogRequest::Action action) {
  request.action = action;
  auto out = cost::run_catalog_command(request);
  if (!out) {
    std::cerr << out.error().message() << "\n";
    return kExitUsage;
  }
  std::cout << out->text;
  return out->check_failed ? kExitTargetMissed : kExitOk;
}

}  // namespace

void register_cost(CLI::App& app, int& exit_code) {
  struct Flags {
    cost::CostRequest request;
    std::string output, html;
  };
  auto flags = std::make_shared<Flags>();
  cost::CostRequest& r = flags->request;
  auto* cmd = app.add_subcommand(
      "cost", "Itemized monthly bill per platform, growth stages, TCO and break-even");
  cmd->add_option("scenario", r.scenario_path,
                  "Scenario YAML with deploy/usage/stages/tco/"
                  "break_even sections")
      ->required();
  add_set_option(cmd, r.overrides);
  cmd->add_option("--platform", r.platforms,
                  "Price only these platforms (aws, railway, render, heroku, digitalocean)");
  cmd->add_option("--from-sim", r.from_sim,
                  "Take usage from a `stackplan simulate --json` result, scaled to a month");
  cmd->add_option("--format", r.format, "text | markdown | json | csv");
  cmd->add_option("--catalog", r.catalog_dir, kCatalogHelp);
  cmd->add_option("-o,--output", flags->output, "Write to this file instead of stdout");
  cmd->add_option("--html", flags->html,
                  "Also write a self-contained HTML report with charts (docs/REPORT.md)");
  cmd->add_flag("--no-free-tier", r.no_free_tier, "Do not apply always-free allowances");
  cmd->callback(
      [flags, &exit_code] { exit_code = run_cost(flags->request, flags->output, flags->html); });
}

void register_catalog(CLI::App& app, int& exit_code) {
  using Action = cost::CatalogRequest::Action;
  auto flags = std::make_shared<cost::CatalogRequest>();
  auto* cmd = app.add_subcommand("catalog", "List, show and check the price catalog");
  cmd->require_subcommand(1);
  cmd->add_option("--catalog", flags->catalog_dir, kCatalogHelp);
  cmd->add_option("--format", flags->format, "text | markdown | csv");
  auto* list = cmd->add_subcommand("list", "Providers in the catalog");
  auto* show = cmd->add_subcommand("show", "Every price of one provider, with its source");
  show->add_option("provider", flags->provider, "aws, railway, render, heroku, digitalocean")
      ->required();
  auto* check = cmd->add_subcommand(
      "check", "Fail on prices without unit, source or date and on duplicates; warn on old ones");
  check->add_option("--max-age", flags->max_age, "Warn on prices read longer ago, e.g. 180d");
  check->add_option("--today", flags->today, "Date to measure age from (YYYY-MM-DD)");
  list->callback([flags, &exit_code] { exit_code = run_catalog(*flags, Action::kList); });
  show->callback([flags, &exit_code] { exit_code = run_catalog(*flags, Action::kShow); });
  check->callback([flags, &exit_code] { exit_code = run_catalog(*flags, Action::kCheck); });
}

}  // namespace stackplan::cli
