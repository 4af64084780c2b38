// Cost files (`stackplan cost FILE`): parsed, then priced against the
// project's catalog the way the command does (bills, growth stages, TCO,
// break-even, payback) and rendered. Any bytes give a report or an error;
// UBSan turns an overflow in a bill into a crash instead of a wrong number;
// so does a bill line with a negative quantity (no use is negative, so one
// that is has wrapped around; amounts may be, as a plan fee's credit).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "cost/analysis.h"
#include "cost/catalog.h"
#include "cost/cost_scenario.h"
#include "report/cost_report.h"

namespace {

using namespace stackplan::cost;

const Catalog& project_catalog() {
  static const Catalog catalog = [] {
    auto loaded = Catalog::load_directory(STACKPLAN_FUZZ_CATALOG_DIR);
    if (!loaded) {
      std::fprintf(stderr, "fuzz_cost: %s\n", loaded.error().message().c_str());
      std::abort();  // the harness is broken, not the code under test
    }
    return std::move(*loaded);
  }();
  return catalog;
}

[[noreturn]] void wrong_bill(const Bill& bill, const BillLine& line) {
  std::fprintf(stderr, "fuzz_cost: %s bill line %s (%s): used %lld, billed %lld micro-units, %s\n",
               bill.platform.c_str(), line.item.c_str(), line.ref.c_str(),
               static_cast<long long>(line.used.micros()),
               static_cast<long long>(line.billed.micros()), line.amount.format_exact().c_str());
  std::abort();
}

void check_bill(const Bill& bill) {
  for (const auto& line : bill.lines)
    if (line.used.micros() < 0 || line.free.micros() < 0 || line.billed.micros() < 0)
      wrong_bill(bill, line);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Catalog& catalog = project_catalog();
  std::string text(reinterpret_cast<const char*>(data), size);
  auto scenario = parse_cost_scenario(text, "fuzz.yaml");
  if (!scenario) {
    (void)scenario.error().message();
    return 0;
  }
  const CostScenario& s = *scenario;
  CostReport report;
  report.scenario = s.name;
  if (s.has_deploy) {
    for (const auto& platform : s.deploy.platforms) {
      auto bill = build_bill(catalog, s.deploy, s.usage, platform);
      if (bill)
        report.bills.push_back(std::move(*bill));
      else
        report.failed.emplace_back(platform, bill.error().message());
    }
  }
  if (!s.stages.empty()) report.stages = price_stages(catalog, s, {});
  if (s.tco) {
    auto tco = compute_tco(catalog, s);
    if (tco) report.tco = std::move(*tco);
  }
  for (const auto& query : s.break_even) {
    auto found = find_break_even(catalog, query);
    if (found) report.break_even.push_back(std::move(*found));
  }
  for (const auto& p : s.payback) report.payback.push_back(payback(p));
  for (const auto& bill : report.bills) check_bill(bill);
  if (report.stages)
    for (const auto& platform : report.stages->platforms)
      for (const auto& bill : platform.bills) check_bill(bill);
  for (Format format : {Format::kText, Format::kMarkdown, Format::kJson, Format::kCsv})
    (void)render(report, format);
  return 0;
}
