#include "report/cost_command.h"

#include <chrono>

#include "cost/analysis.h"
#include "cost/catalog.h"
#include "cost/catalog_check.h"
#include "cost/catalog_location.h"
#include "cost/cost_scenario.h"
#include "cost/usage.h"
#include "report/cost_report.h"

namespace stackplan::cost {
namespace {

// Loads the catalog and refuses one that fails `catalog check`.
Result<Catalog> load_checked_catalog(const std::string& dir_flag) {
  auto dir = find_catalog_dir(dir_flag);
  if (!dir) return dir.error();
  auto catalog = Catalog::load_directory(*dir);
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

Result<CostScenario> load_scenario(const CostRequest& request) {
  auto scenario = load_cost_scenario(request.scenario_path, request.overrides);
  if (!scenario) return scenario.error();
  CostScenario& s = *scenario;
  if (request.no_free_tier) without_free_tier(s);
  if (!s.has_deploy && s.stages.empty() && !s.tco && s.break_even.empty() && s.payback.empty())
    return Error(request.scenario_path +
                 ": nothing to price: add a deploy:, stages:, tco: or break_even: section "
                 "(docs/COST.md)");
  return scenario;
}

// Replaces the stated usage with a simulation's, scaled to a month.
Status take_usage_from_sim(const Catalog& catalog, const std::string& sim_path, CostScenario& s) {
  auto sim = read_sim_result(sim_path);
  auto month = catalog.fact("conventions", "hours_per_month", s.deploy.region, "hour");
  if (!sim || !month) return Error(sim ? month.error().message() : sim.error().message());
  auto usage = usage_from_sim(*sim, s.usage, *month);
  if (!usage) return Error(sim_path + ": " + usage.error().message());
  s.usage = std::move(*usage);
  return Status::Ok();
}

// One bill per platform; a platform that cannot be priced is listed in the
// report as failed, and the others are still priced.
void price_deploy(const Catalog& catalog, const CostScenario& s,
                  const std::vector<std::string>& platform_flags, CostReport& report) {
  const auto& platforms = platform_flags.empty() ? s.deploy.platforms : platform_flags;
  for (const auto& platform : platforms) {
    auto bill = build_bill(catalog, s.deploy, s.usage, platform);
    if (bill)
      report.bills.push_back(std::move(*bill));
    else
      report.failed.emplace_back(platform, bill.error().message());
  }
}

// TCO, break-even and payback: any error here leaves no report.
Status analyse(const Catalog& catalog, const CostScenario& s, CostReport& report) {
  if (s.tco) {
    auto tco = compute_tco(catalog, s);
    if (!tco) return tco.error();
    report.tco = std::move(*tco);
  }
  for (const auto& q : s.break_even) {
    auto r = find_break_even(catalog, q);
    if (!r) return Error("break_even " + q.name + ": " + r.error().message());
    report.break_even.push_back(std::move(*r));
  }
  for (const auto& p : s.payback) report.payback.push_back(payback(p));
  return Status::Ok();
}

bool any_stage_failed(const StagesResult& stages) {
  for (const auto& ps : stages.platforms)
    if (!ps.error.empty()) return true;
  return false;
}

}  // namespace

Result<CostOutput> run_cost_command(const CostRequest& request) {
  auto format = parse_format(request.format);
  if (!format) return Error("--format: expected text, markdown, json or csv");
  auto catalog = load_checked_catalog(request.catalog_dir);
  if (!catalog) return catalog.error();
  auto scenario = load_scenario(request);
  if (!scenario) return scenario.error();
  CostScenario& s = *scenario;
  if (!request.from_sim.empty())
    if (Status st = take_usage_from_sim(*catalog, request.from_sim, s); !st)
      return Error(st.message());

  CostReport report;
  report.scenario = s.name;
  if (s.has_deploy) price_deploy(*catalog, s, request.platforms, report);
  bool stage_failed = false;
  if (!s.stages.empty()) {
    report.stages = price_stages(*catalog, s, request.platforms);
    stage_failed = any_stage_failed(*report.stages);
  }
  if (Status st = analyse(*catalog, s, report); !st) return Error(st.message());

  CostOutput out;
  out.report = render(report, *format);
  out.incomplete = !report.failed.empty() || stage_failed;
  if (out.incomplete && *format != Format::kText)
    for (const auto& [platform, why] : report.failed) out.errors.push_back(why);
  return out;
}

}  // namespace stackplan::cost
