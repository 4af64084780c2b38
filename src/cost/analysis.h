// Growth stages, total cost of ownership, break-even volumes and payback:
// the questions the cases answer by hand, answered from the same bills.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/money.h"
#include "core/status.h"
#include "cost/bill.h"
#include "cost/cost_scenario.h"

namespace stackplan::cost {

// ---- Growth stages: one bill per stage and platform ------------------------------

struct PlatformStages {
  std::string platform;
  std::vector<Bill> bills;  // one per stage, when every stage priced
  std::string error;        // otherwise why not
};

struct StagesResult {
  std::vector<Stage> stages;
  std::vector<PlatformStages> platforms;
};

// Prices every stage on every platform the stages deploy to (or `platforms`
// when not empty). A platform that fails keeps its error; others still price.
StagesResult price_stages(const Catalog& catalog, const CostScenario& scenario,
                          const std::vector<std::string>& platforms);

// ---- TCO: engineering time plus infrastructure over N months ------------------------

struct TcoRow {
  std::string name;
  Quantity build_hours;
  Money build;                     // build_hours x hourly_rate
  Money infrastructure_per_month;  // stated, or the platform bill's total
  Money infrastructure;            // x months
  Money maintenance;               // maintenance_per_month x months
  Money on_call;                   // on_call_hours_per_month x hourly_rate x months
  Money total;
  std::string infrastructure_source;  // "stated" or "aws bill"
};

struct TcoResult {
  int64_t months = 0;
  Money hourly_rate;
  std::vector<TcoRow> rows;
};

Result<TcoResult> compute_tco(const Catalog& catalog, const CostScenario& scenario);

// ---- Break-even and payback ----------------------------------------------------------

struct BreakEvenResult {
  std::string name;
  std::string cheaper_below;  // the option cheaper at low volume
  std::string cheaper_above;
  // The smallest orders/month at which cheaper_below costs at least as much
  // as cheaper_above; none when that does not happen up to search_up_to.
  std::optional<int64_t> orders_per_month;
  Money cost_below_at, cost_above_at;  // both options' cost at that volume
  int64_t search_up_to = 0;
  // Both options' cost at evenly spaced volumes from 0 to twice the
  // break-even (or to search_up_to without one), for a chart of cost
  // against volume.
  struct Point {
    int64_t orders_per_month = 0;
    Money cost_below, cost_above;
  };
  std::vector<Point> curve;
};

// The monthly cost of one option at a volume.
Result<Money> option_cost(const Catalog& catalog, const CostOption& option,
                          int64_t orders_per_month);

// Bisection over whole orders: assumes the cost difference changes sign once
// (one option has the higher fixed cost, the other the higher cost per order).
Result<BreakEvenResult> find_break_even(const Catalog& catalog, const BreakEvenQuery& query);

struct PaybackResult {
  std::string name;
  Money rewrite_cost, monthly_saving;
  Quantity months;  // rewrite_cost / monthly_saving
};

PaybackResult payback(const Payback& p);

}  // namespace stackplan::cost
