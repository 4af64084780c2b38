#include "cost/analysis.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "cost/bill_builder.h"

namespace stackplan::cost {

StagesResult price_stages(const Catalog& catalog, const CostScenario& scenario,
                          const std::vector<std::string>& platforms) {
  StagesResult result;
  result.stages = scenario.stages;
  std::vector<std::string> names = platforms;
  if (names.empty()) {
    std::set<std::string> seen;
    for (const Stage& s : scenario.stages)
      for (const auto& p : s.deploy.platforms)
        if (seen.insert(p).second) names.push_back(p);
  }
  for (const auto& platform : names) {
    PlatformStages ps;
    ps.platform = platform;
    for (const Stage& s : scenario.stages) {
      auto bill = build_bill(catalog, s.deploy, s.usage, platform);
      if (!bill) {
        ps.error = fmt::format("stage {}: {}", s.name, bill.error().message());
        ps.bills.clear();
        break;
      }
      ps.bills.push_back(std::move(*bill));
    }
    result.platforms.push_back(std::move(ps));
  }
  return result;
}

Result<TcoResult> compute_tco(const Catalog& catalog, const CostScenario& scenario) {
  if (!scenario.tco) return Error(fmt::format("{}: no tco: section", scenario.file));
  const TcoPlan& plan = *scenario.tco;
  TcoResult result;
  result.months = plan.months;
  result.hourly_rate = plan.hourly_rate;
  for (const TcoOption& o : plan.options) {
    TcoRow row;
    row.name = o.name;
    row.build_hours = o.build_hours;
    auto build = amount_for(o.build_hours, UnitPrice::of(plan.hourly_rate), 1);
    if (!build)
      return Error(fmt::format("tco option {}: build: {}", o.name, build.error().message()));
    row.build = *build;
    if (o.infrastructure_per_month) {
      row.infrastructure_per_month = *o.infrastructure_per_month;
      row.infrastructure_source = "stated";
    } else if (o.platform) {
      auto bill = build_bill(catalog, scenario.deploy, scenario.usage, *o.platform);
      if (!bill) return Error(fmt::format("tco option {}: {}", o.name, bill.error().message()));
      row.infrastructure_per_month = bill->total();
      row.infrastructure_source = *o.platform + " bill";
    } else {
      return Error(
          fmt::format("tco option {}: needs infrastructure_per_month or platform", o.name));
    }
    row.infrastructure = row.infrastructure_per_month * plan.months;
    row.maintenance = o.maintenance_per_month * plan.months;
    auto on_call_per_month =
        amount_for(o.on_call_hours_per_month, UnitPrice::of(plan.hourly_rate), 1);
    if (!on_call_per_month)
      return Error(
          fmt::format("tco option {}: on call: {}", o.name, on_call_per_month.error().message()));
    row.on_call = *on_call_per_month * plan.months;
    row.total = row.build + row.infrastructure + row.maintenance + row.on_call;
    result.rows.push_back(row);
  }
  return result;
}

Result<Money> option_cost(const Catalog& catalog, const CostOption& option,
                          int64_t orders_per_month) {
  if (option.monthly) return *option.monthly;
  Usage usage = option.usage;
  usage.orders = Quantity::units(orders_per_month);
  auto bill = build_bill(catalog, option.deploy, usage, option.platform);
  if (!bill) return Error(fmt::format("option {}: {}", option.name, bill.error().message()));
  return bill->total();
}

namespace {

// The break-even volume by bisection; `a_cheaper_first` says which option is
// the one cheaper at zero.
Result<BreakEvenResult> break_even_point(const Catalog& catalog, const BreakEvenQuery& query,
                                         bool& a_cheaper_first) {
  BreakEvenResult r;
  r.name = query.name;
  r.search_up_to = query.search_up_to;
  auto a0 = option_cost(catalog, query.a, 0);
  auto b0 = option_cost(catalog, query.b, 0);
  if (!a0) return a0.error();
  if (!b0) return b0.error();
  a_cheaper_first = *a0 <= *b0;
  const CostOption& low = a_cheaper_first ? query.a : query.b;
  const CostOption& high = a_cheaper_first ? query.b : query.a;
  r.cheaper_below = low.name;
  r.cheaper_above = high.name;
  // crossed(v): the option cheaper at zero costs at least as much as the other.
  auto crossed = [&](int64_t v) -> Result<bool> {
    auto l = option_cost(catalog, low, v);
    if (!l) return l.error();
    auto h = option_cost(catalog, high, v);
    if (!h) return h.error();
    return *l >= *h;
  };
  auto at_end = crossed(query.search_up_to);
  if (!at_end) return at_end.error();
  if (!*at_end) return r;
  int64_t lo = 0;  // not crossed (or crossed at 0 when equal)
  int64_t hi = query.search_up_to;
  auto at_zero = crossed(0);
  if (!at_zero) return at_zero.error();
  if (*at_zero) {
    hi = 0;
  }
  while (hi - lo > 1) {
    const int64_t mid = lo + (hi - lo) / 2;
    auto c = crossed(mid);
    if (!c) return c.error();
    (*c ? hi : lo) = mid;
  }
  r.orders_per_month = hi;
  r.cost_below_at = option_cost(catalog, low, hi).value();
  r.cost_above_at = option_cost(catalog, high, hi).value();
  return r;
}

// Enough points for the chart to show each option's shape (steps where a
// tier or an instance is added) without pricing thousands of bills.
constexpr int64_t kCurveSteps = 40;

Status sample_curve(const Catalog& catalog, const CostOption& low, const CostOption& high,
                    BreakEvenResult& r) {
  int64_t up_to = r.search_up_to;
  if (r.orders_per_month && *r.orders_per_month < r.search_up_to / 2)
    up_to = std::max<int64_t>(2 * *r.orders_per_month, kCurveSteps);
  for (int64_t step = 0; step <= kCurveSteps; ++step) {
    const int64_t v = up_to / kCurveSteps * step + up_to % kCurveSteps * step / kCurveSteps;
    auto l = option_cost(catalog, low, v);
    if (!l) return l.error();
    auto h = option_cost(catalog, high, v);
    if (!h) return h.error();
    r.curve.push_back({v, *l, *h});
  }
  return Status::Ok();
}

}  // namespace

Result<BreakEvenResult> find_break_even(const Catalog& catalog, const BreakEvenQuery& query) {
  bool a_below = true;
  auto r = break_even_point(catalog, query, a_below);
  if (!r) return r.error();
  if (Status s =
          sample_curve(catalog, a_below ? query.a : query.b, a_below ? query.b : query.a, *r);
      !s)
    return Error(s.message());
  return r;
}

PaybackResult payback(const Payback& p) {
  PaybackResult r;
  r.name = p.name;
  r.rewrite_cost = p.rewrite_cost;
  r.monthly_saving = p.monthly_saving;
  r.months = divide(Quantity::from_micros(p.rewrite_cost.micros()),
                    Quantity::from_micros(p.monthly_saving.micros()));
  return r;
}

}  // namespace stackplan::cost
