// Monthly usage from a simulation result (`stackplan simulate --json`).
//
// A simulation covers a window (traffic_seconds of offered traffic, then the
// drain). Its resource counters are scaled to a month in one of two ways:
//  - by orders, when the scenario states usage.orders_per_month: factor =
//    orders_per_month / orders.accepted. The simulated sale is taken as a
//    sample of the month's orders, so every counter is per order. Use this for
//    flash sales: the month is N sales, not a sale running 730 hours.
//  - by time otherwise: factor = seconds in the billing month /
//    traffic_seconds. The simulated traffic is taken to run all month.
// The bill's notes say which was used and the factor. A service is billed for
// the larger of its deployed count all month and the simulation's scaled
// instance-hours (autoscaling above the minimum).
#pragma once

#include <string>

#include "core/status.h"
#include "cost/deploy.h"
#include "sim/result.h"

namespace stackplan::cost {

// A simulation result as `simulate --json` writes it, read back into the
// simulator's own struct: the fields bills use (scenario, traffic_time,
// orders.accepted and resources) are filled, the rest left at their defaults.
Result<sim::SimResult> read_sim_result(const std::string& path);
Result<sim::SimResult> parse_sim_result(const std::string& json_text, const std::string& label);

// `stated` with the simulated counters, scaled to a month, filled in.
Result<Usage> usage_from_sim(const sim::SimResult& sim, Usage stated, Quantity month_hours);

}  // namespace stackplan::cost
