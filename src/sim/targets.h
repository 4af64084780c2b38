// Checks a run against the scenario's targets (accept_p95, drain_after_peak,
// ...). A target that the run cannot speak to (no orders) counts as missed.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "scenario/scenario.h"
#include "sim/result.h"

namespace stackplan::sim {

struct TargetCheck {
  std::string name;    // the scenario field, e.g. "accept_p95"
  std::string limit;   // as a person reads it, "200ms"
  std::string actual;  // "110ms"
  bool met = false;
  // The same figures as numbers, for whoever compares them (the planner's
  // "missed by 15%", "close to its limit"): nanoseconds for durations, a
  // number of orders for max_backlog and max_duplicates, a fraction otherwise. `value` is unset
  // when the run cannot give the figure (no data, not drained); across runs it is the mean.
  double limit_value = 0;
  std::optional<double> value;
  // (value - limit) / limit: above 0 the target is missed by that fraction.
  // Unset with value, or when the limit is 0.
  std::optional<double> relative_excess() const {
    if (!value || limit_value == 0) return std::nullopt;
    return (*value - limit_value) / limit_value;
  }
};

std::vector<TargetCheck> check_targets(const Targets& targets, const SimResult& result);

// Targets over replications: each target's figure is averaged over the runs
// and the mean is compared with the limit, so one lucky or unlucky seed does
// not decide. A run that cannot speak to a target (no data, not drained)
// makes it missed whatever the mean; `actual` says in how many runs the
// target was missed on its own.
std::vector<TargetCheck> check_targets(const Targets& targets, const std::vector<SimResult>& runs);

}  // namespace stackplan::sim
