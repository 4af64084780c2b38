// Discrete-event simulation of a scenario (docs/MODEL.md says what each
// architecture assumes). The same scenario and seed always give the same
// result, to the last bit, on any machine.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <vector>

#include "core/status.h"
#include "scenario/scenario.h"
#include "sim/result.h"

namespace stackplan::sim {

inline constexpr uint64_t kPollEvents = uint64_t{1} << 16;
inline constexpr auto kProgressInterval = std::chrono::milliseconds(100);

// Where a run is, for a progress display.
struct SimProgress {
  Duration reached;      // simulated time of the last event
  Duration traffic_end;  // when traffic stops
  Duration limit;        // the latest a run can end: traffic end + drain limit (or traffic end)
  uint64_t events = 0;   // processed so far
};

struct SimOptions {
  uint64_t seed = 1;
  bool timeline = false;  // record per-second rows (memory grows with time)
  // Requests alive at once beyond which the run stops with an error: an
  // architecture that cannot keep up would otherwise grow its backlog until
  // memory runs out (each costs about 85 bytes with its message and events).
  size_t max_live_requests = 10'000'000;
  // Both are looked at once every kPollEvents events: the loop already counts
  // its events, so the cost is one masked compare per event, a branch that is
  // almost never taken (the clock is read only then, not per event).
  // Called on the simulating thread at most every progress_interval of wall
  // time; empty: never.
  std::function<void(const SimProgress&)> progress = nullptr;
  // When set, the run stops at the next poll and returns what it has so far,
  // with SimResult::complete false; not an error.
  const std::atomic<bool>* cancel = nullptr;
  // Zero: at every poll (tests count on it).
  std::chrono::milliseconds progress_interval = kProgressInterval;
};

Result<SimResult> simulate(const Scenario& scenario, const SimOptions& options);

// Runs `replications` independent seeds (first_seed, first_seed + 1, ...) on
// up to `threads` threads. Results come back in seed order whatever the
// thread count, so the output does not depend on scheduling.
Result<std::vector<SimResult>> simulate_replications(const Scenario& scenario, uint64_t first_seed,
                                                     int replications, int threads);

struct ReplicationOptions {
  int threads = 1;
  // Called after each replication ends with how many have (of how many), from
  // whichever thread ran it, one call at a time.
  std::function<void(int done, int total)> progress;
  // When set, no replication starts and those running stop; the result keeps
  // the replications finished before the first unfinished seed.
  const std::atomic<bool>* cancel = nullptr;
};

struct ReplicationRuns {
  std::vector<SimResult> runs;  // seeds first_seed, first_seed + 1, ... in order
  bool complete = true;         // false: cancelled, runs is a prefix (maybe empty)
};

Result<ReplicationRuns> simulate_replications(const Scenario& scenario, uint64_t first_seed,
                                              int replications, const ReplicationOptions& options);

}  // namespace stackplan::sim
