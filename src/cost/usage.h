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

#include <map>
#include <string>

#include "core/status.h"
#include "cost/deploy.h"

namespace stackplan::cost {

// The fields of a simulation result that bills use.
struct SimResources {
  std::string scenario;
  double traffic_seconds = 0;
  double orders_accepted = 0;
  std::map<std::string, double> task_seconds;  // per service
  double function_invocations = 0;
  double function_gb_seconds = 0;
  double queue_requests = 0;
  double messages = 0;
};

Result<SimResources> read_sim_result(const std::string& path);
Result<SimResources> parse_sim_result(const std::string& json_text, const std::string& label);

// `stated` with the simulated counters, scaled to a month, filled in.
Result<Usage> usage_from_sim(const SimResources& sim, Usage stated, Quantity month_hours);

}  // namespace stackplan::cost
