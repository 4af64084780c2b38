// When each closed-model user starts: one schedule shared by the simulator
// (`stackplan simulate`) and the load generator (`stackplan load`), so that a
// simulated run and a measured one ramp up identically.
//
// The batch mode reproduces Locust 2.x (locust/dispatch.py, UsersDispatcher):
// it starts max(1, floor(spawn_rate)) users at once, then waits
// batch / spawn_rate seconds before the next batch. At an integer rate that
// is spawn_rate users every second; at 2.5/s it is 2 users every 0.8 s, and
// at 0.5/s one user every 2 s. Matching it matters because the first seconds
// of a flash-sale run are exactly where the simulator is compared with Locust.
#pragma once

#include <cstdint>

#include "core/duration.h"

namespace stackplan {

enum class SpawnMode {
  kLocustBatches,  // Locust 2.x: batches of max(1, floor(rate)) users
  kEvenlySpaced,   // one user every 1 / rate seconds
};

// The offset from the start of the run at which user `user` (counted from 0)
// starts. A rate that is not above zero (or not finite) starts everyone at
// once; an offset beyond Duration::longest() (a vanishing rate) is cut to it,
// which means "never within this run" and stays safe to add to a clock.
Duration spawn_offset(int64_t user, double users_per_second, SpawnMode mode);

}  // namespace stackplan
