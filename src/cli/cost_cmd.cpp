// stackplan cost: itemized monthly bills per platform, growth stages, TCO,
// break-even and payback for a scenario's deploy/usage/stages/tco/break_even.
// stackplan catalog list|show|check: the price catalog and its rules.
// Flags only; the work is in src/cost (docs/COST.md).
#include <fmt/format.h>

#include <chrono>
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "core/units.h"
#include "cost/analysis.h"
#include "cost/catalog.h"
#include "cost/catalog_check.h"
#include "cost/cost_scenario.h"
#include "cost/report.h"
#include "cost/usage.h"

namespace stackplan::cli {
namespace {

using namespace stackplan::cost;

struct CostFlags {
  std::string scenario;
  std::vector<std::string> platforms;
  std::string from_sim;
  std::string format = "text";
  std::string catalog_dir;
  std::string output;
  bool no_free_tier = false;
};

// Loads the catalog and refuses one that fails `catalog check`.
Result<Catalog> load_checked_catalog(const std::string& dir_flag) {
  const std::string dir = dir_flag.empty() ? default_catalog_dir() : dir_flag;
  auto catalog = Catalog::load_directory(dir);
  if (!catalog) return catalog.error();
  const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  if (auto st = catalog_errors(check_catalog(*catalog, {today, std::nullopt})); !st.ok())
    return Error(st.message());
  return catalog;
}

void without_free_tier(CostScenario& s) {
  s.deploy.free_tier = false;
  for (auto& stage : s.stages) stage.deploy.free_tier = false;
  for (auto& q : s.break_even) q.a.deploy.free_tier = q.b.deploy.free_tier = false;
}

int write_output(const std::string& text, const std::string& path) {
  if (path.empty() || path == "-") {
    std::cout << text;
    return kExitOk;
  }
  std::ofstream out(path);
  if (!(out << text)) {
    std::cerr << path << ": cannot write\n";
    return kExitUsage;
  }
  return kExitOk;
}

int run_cost(const CostFlags& f) {
  auto format = parse_format(f.format);
  if (!format) {
    std::cerr << "--format: expected text, markdown, json or csv\n";
    return kExitUsage;
  }
  auto catalog = load_checked_catalog(f.catalog_dir);
  if (!catalog) {
    std::cerr << catalog.error().message() << "\n";
    return kExitUsage;
  }
  auto scenario = load_cost_scenario(f.scenario);
  if (!scenario) {
    std::cerr << scenario.error().message() << "\n";
    return kExitUsage;
  }
  CostScenario& s = *scenario;
  if (f.no_free_tier) without_free_tier(s);
  if (!s.has_deploy && s.stages.empty() && !s.tco && s.break_even.empty() && s.payback.empty()) {
    std::cerr << f.scenario
              << ": nothing to price: add a deploy:, stages:, tco: or break_even: section "
                 "(docs/COST.md)\n";
    return kExitUsage;
  }
  if (!f.from_sim.empty()) {
    auto sim = read_sim_result(f.from_sim);
    auto month = catalog->fact("conventions", "hours_per_month", s.deploy.region, "hour");
    if (!sim || !month) {
      std::cerr << (sim ? month.error().message() : sim.error().message()) << "\n";
      return kExitUsage;
    }
    auto usage = usage_from_sim(*sim, s.usage, *month);
    if (!usage) {
      std::cerr << f.from_sim << ": " << usage.error().message() << "\n";
      return kExitUsage;
    }
    s.usage = std::move(*usage);
  }
  CostReport report;
  report.scenario = s.name;
  int exit_code = kExitOk;
  if (s.has_deploy) {
    const auto& platforms = f.platforms.empty() ? s.deploy.platforms : f.platforms;
    for (const auto& platform : platforms) {
      auto bill = build_bill(*catalog, s.deploy, s.usage, platform);
      if (bill) {
        report.bills.push_back(std::move(*bill));
      } else {
        report.failed.emplace_back(platform, bill.error().message());
        exit_code = kExitUsage;
      }
    }
  }
  if (!s.stages.empty()) {
    report.stages = price_stages(*catalog, s, f.platforms);
    for (const auto& ps : report.stages->platforms)
      if (!ps.error.empty()) exit_code = kExitUsage;
  }
  if (s.tco) {
    auto tco = compute_tco(*catalog, s);
    if (!tco) {
      std::cerr << tco.error().message() << "\n";
      return kExitUsage;
    }
    report.tco = std::move(*tco);
  }
  for (const auto& q : s.break_even) {
    auto r = find_break_even(*catalog, q);
    if (!r) {
      std::cerr << "break_even " << q.name << ": " << r.error().message() << "\n";
      return kExitUsage;
    }
    report.break_even.push_back(std::move(*r));
  }
  for (const auto& p : s.payback) report.payback.push_back(payback(p));
  if (int rc = write_output(render(report, *format), f.output); rc != kExitOk) return rc;
  if (exit_code != kExitOk && *format != Format::kText)
    for (const auto& [platform, why] : report.failed) std::cerr << why << "\n";
  return exit_code;
}

// ---- catalog ------------------------------------------------------------------

std::string tiers_text(const PriceEntry& e) {
  std::string out;
  for (const auto& t : e.tiers) {
    if (!out.empty()) out += "; ";
    out += t.price.format();
    if (t.up_to) out += " up to " + t.up_to->format();
  }
  if (e.per != 1) out += fmt::format(" per {}", format_fixed_point(e.per, 0, 0));
  return out;
}

Table provider_table(const ProviderCatalog& pc) {
  Table t;
  t.title = fmt::format("{} ({}), {}", pc.name, pc.provider, pc.file);
  t.header = {"id", "item", "price", "unit", "free/month", "regions", "read", "source"};
  t.right_aligned = {false, false, true, false, true, false, false, false};
  for (const auto& e : pc.prices) {
    std::string regions;
    for (const auto& r : e.regions) regions += (regions.empty() ? "" : " ") + r;
    t.rows.push_back({e.id, e.item + (e.unverified ? " (unverified)" : ""), tiers_text(e), e.unit,
                      e.free_per_month.is_zero() ? "" : e.free_per_month.format(), regions, e.read,
                      e.source});
  }
  for (const auto& f : pc.facts)
    t.notes.push_back(fmt::format("fact {} = {} {} ({}, read {})", f.id, f.value.format(), f.unit,
                                  f.source, f.read));
  return t;
}

struct CatalogFlags {
  std::string catalog_dir;
  std::string format = "text";
  std::string provider;
  std::string max_age;
  std::string today;
};

Result<Catalog> load_catalog(const CatalogFlags& f) {
  return Catalog::load_directory(f.catalog_dir.empty() ? default_catalog_dir() : f.catalog_dir);
}

int run_catalog(const std::string& action, const CatalogFlags& f) {
  auto format = parse_format(f.format);
  if (!format || *format == Format::kJson) {
    std::cerr << "--format: expected text, markdown or csv\n";
    return kExitUsage;
  }
  auto catalog = load_catalog(f);
  if (!catalog) {
    std::cerr << catalog.error().message() << "\n";
    return kExitUsage;
  }
  if (action == "list") {
    Table t;
    t.title = "Price catalog";
    t.header = {"provider", "name", "prices", "facts", "file"};
    t.right_aligned = {false, false, true, true, false};
    for (const auto& pc : catalog->providers())
      t.rows.push_back({pc.provider, pc.name, std::to_string(pc.prices.size()),
                        std::to_string(pc.facts.size()), pc.file});
    std::cout << render_table(t, *format);
    return kExitOk;
  }
  if (action == "show") {
    const ProviderCatalog* pc = catalog->provider(f.provider);
    if (!pc) {
      std::cerr << "no provider \"" << f.provider << "\" in the catalog (stackplan catalog list)\n";
      return kExitUsage;
    }
    std::cout << render_table(provider_table(*pc), *format);
    return kExitOk;
  }
  CheckOptions options;
  options.today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  if (!f.today.empty()) {
    auto today = parse_read_date(f.today);
    if (!today) {
      std::cerr << "--today: " << today.error().message() << "\n";
      return kExitUsage;
    }
    options.today = *today;
  }
  if (!f.max_age.empty()) {
    auto age = parse_duration(f.max_age);
    if (!age || age->ns() <= 0) {
      std::cerr << "--max-age: expected a duration like 180d\n";
      return kExitUsage;
    }
    options.max_age = std::chrono::floor<std::chrono::days>(std::chrono::nanoseconds(age->ns()));
  }
  const auto issues = check_catalog(*catalog, options);
  int errors = 0;
  for (const auto& i : issues) {
    const bool error = i.severity == CatalogIssue::Severity::kError;
    errors += error;
    std::cout << (error ? "error: " : "warning: ") << i.where << ": " << i.message << "\n";
  }
  size_t prices = 0;
  for (const auto& pc : catalog->providers()) prices += pc.prices.size();
  std::cout << fmt::format("{} providers, {} prices: {} errors, {} warnings\n",
                           catalog->providers().size(), prices, errors,
                           issues.size() - static_cast<size_t>(errors));
  return errors > 0 ? kExitTargetMissed : kExitOk;
}

}  // namespace

void register_cost(CLI::App& app, int& exit_code) {
  auto flags = std::make_shared<CostFlags>();
  auto* cmd = app.add_subcommand(
      "cost", "Itemized monthly bill per platform, growth stages, TCO and break-even");
  cmd->add_option("scenario", flags->scenario,
                  "Scenario YAML with deploy/usage/stages/tco/"
                  "break_even sections")
      ->required();
  cmd->add_option("--platform", flags->platforms,
                  "Price only these platforms (aws, railway, render, heroku, digitalocean)");
  cmd->add_option("--from-sim", flags->from_sim,
                  "Take usage from a `stackplan simulate --json` result, scaled to a month");
  cmd->add_option("--format", flags->format, "text | markdown | json | csv");
  cmd->add_option("--catalog", flags->catalog_dir, "Price catalog directory (default: catalog/)");
  cmd->add_option("-o,--output", flags->output, "Write to this file instead of stdout");
  cmd->add_flag("--no-free-tier", flags->no_free_tier, "Do not apply always-free allowances");
  cmd->callback([flags, &exit_code] { exit_code = run_cost(*flags); });
}

void register_catalog(CLI::App& app, int& exit_code) {
  auto flags = std::make_shared<CatalogFlags>();
  auto* cmd = app.add_subcommand("catalog", "List, show and check the price catalog");
  cmd->require_subcommand(1);
  cmd->add_option("--catalog", flags->catalog_dir, "Price catalog directory (default: catalog/)");
  cmd->add_option("--format", flags->format, "text | markdown | csv");
  auto* list = cmd->add_subcommand("list", "Providers in the catalog");
  auto* show = cmd->add_subcommand("show", "Every price of one provider, with its source");
  show->add_option("provider", flags->provider, "aws, railway, render, heroku, digitalocean")
      ->required();
  auto* check = cmd->add_subcommand(
      "check", "Fail on prices without unit, source or date and on duplicates; warn on old ones");
  check->add_option("--max-age", flags->max_age, "Warn on prices read longer ago, e.g. 180d");
  check->add_option("--today", flags->today, "Date to measure age from (YYYY-MM-DD)");
  list->callback([flags, &exit_code] { exit_code = run_catalog("list", *flags); });
  show->callback([flags, &exit_code] { exit_code = run_catalog("show", *flags); });
  check->callback([flags, &exit_code] { exit_code = run_catalog("check", *flags); });
}

}  // namespace stackplan::cli
