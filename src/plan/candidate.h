// One point of a plan's search space, and the scenario, deploy and usage it
// stands for in one case.
//
// A Candidate is everything the planner chooses except the platform: one
// simulation of a candidate in a case serves every platform's bill.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/status.h"
#include "cost/deploy.h"
#include "plan/plan_spec.h"
#include "scenario/scenario.h"

namespace stackplan::plan {

struct Candidate {
  Architecture::Kind kind = Architecture::Kind::kAsync;
  size_t variant = 0;              // index into PlanSpec::variants
  int64_t processes = 1;           // async workers / sync API processes; 1 for serverless
  int64_t concurrency = 1;         // async only; 1 otherwise
  size_t task = 0;                 // index into PlanSpec::tasks; 0 for serverless
  double function_memory_gib = 0;  // serverless only; 0 otherwise
  int64_t autoscale_min = 0, autoscale_max = 0;  // when autoscaling; 0 otherwise

  // "async, 7 processes x 10 concurrency, 0.5 vCPU / 1 GiB" (with the
  // variant's name when there is more than one variant).
  std::string describe(const PlanSpec& spec) const;
  // Equal keys, equal candidates; the key orders candidates deterministically.
  std::string key() const;
};

// The candidate as the simulator and the cost engine see it in one case (or
// any InputOverrides, such as a sensitivity probe).
struct Applied {
  Scenario scenario;
  cost::Deploy deploy;
  cost::Usage usage;
};

// Fails when the overrides do not fit the scenario (a peak for closed
// traffic, a service time without a dependency).
Result<Applied> apply(const PlanFile& file, const Candidate& candidate,
                      const InputOverrides& case_inputs);

// The number of candidates the spec describes (kinds x their dimensions x
// variants), saturating at UINT64_MAX: callers compare it with a limit.
uint64_t count_candidates(const PlanSpec& spec);

// With autoscaling, the (min, max) pairs the spec allows (min <= max), which
// take the place of the process counts for async; none without autoscaling.
std::optional<uint64_t> autoscale_pairs(const PlanSpec& spec);

}  // namespace stackplan::plan
