// Checks a run against the scenario's targets (accept_p95, drain_after_peak,
// ...). A target that the run cannot speak to (no orders) counts as missed.
#pragma once

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
};

std::vector<TargetCheck> check_targets(const Targets& targets, const SimResult& result);

// Targets over replications: each target's figure is averaged over the runs
// and the mean is compared with the limit, so one lucky or unlucky seed does
// not decide. A run that cannot speak to a target (no data, not drained)
// makes it missed whatever the mean; `actual` says in how many runs the
// target was missed on its own.
std::vector<TargetCheck> check_targets(const Targets& targets, const std::vector<SimResult>& runs);

}  // namespace stackplan::sim
