// Discrete-event simulation of a scenario (docs/MODEL.md says what each
// architecture assumes). The same scenario and seed always give the same
// result, to the last bit, on any machine.
#pragma once

#include <cstdint>
#include <vector>

#include "core/status.h"
#include "scenario/scenario.h"
#include "sim/result.h"

namespace stackplan::sim {

struct SimOptions {
  uint64_t seed = 1;
  bool timeline = false;  // record per-second rows (memory grows with time)
  // Requests alive at once beyond which the run stops with an error: an
  // architecture that cannot keep up would otherwise grow its backlog until
  // memory runs out (each costs about 85 bytes with its message and events).
  size_t max_live_requests = 10'000'000;
};

Result<SimResult> simulate(const Scenario& scenario, const SimOptions& options);

// Runs `replications` independent seeds (first_seed, first_seed + 1, ...) on
// up to `threads` threads. Results come back in seed order whatever the
// thread count, so the output does not depend on scheduling.
Result<std::vector<SimResult>> simulate_replications(const Scenario& scenario, uint64_t first_seed,
                                                     int replications, int threads);

}  // namespace stackplan::sim
