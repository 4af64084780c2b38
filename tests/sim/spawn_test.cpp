// The simulator starts closed-model users when the load generator does: both
// follow core/spawn_schedule.h. Each user here sends exactly one request, at
// its start (its think time outlasts the run, and the dependency answers at
// once), so the per-second arrivals of the timeline are the user starts. The
// customers' patience only schedules a later event, so that the timeline
// row of the last start is written.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/spawn_schedule.h"
#include "sim_test_util.h"

namespace stackplan::sim {
namespace {

// Starts are compared over the first kWindowSeconds of a longer run.
constexpr int64_t kWindowSeconds = 12;

Scenario one_request_per_user(int64_t users, const std::string& spawn_rate,
                              const std::string& spawn = "batch") {
  return from_text("traffic: { users: " + std::to_string(users) + ", spawn_rate: " + spawn_rate +
                   ", spawn: " + spawn + ", wait: 1h, patience: 20s, duration: 40s }\n" +
                   "architecture: { kind: sync, dependency: { name: payment, slots: 1000, "
                   "service_time: 0s } }\n");
}

// Users started in each whole second of the run, by the simulator.
std::vector<uint64_t> simulated_starts(const Scenario& s) {
  SimResult r = run(s, 1, true);
  std::vector<uint64_t> per_second(kWindowSeconds, 0);
  for (const auto& row : r.timeline)
    if (row.second < kWindowSeconds) per_second[static_cast<size_t>(row.second)] = row.arrivals;
  return per_second;
}

// The same, from the schedule the load generator follows.
std::vector<uint64_t> scheduled_starts(int64_t users, double rate, SpawnMode mode) {
  std::vector<uint64_t> per_second(kWindowSeconds, 0);
  for (int64_t u = 0; u < users; ++u) {
    int64_t second = spawn_offset(u, rate, mode).ns() / Duration::seconds(1).ns();
    if (second < kWindowSeconds) ++per_second[static_cast<size_t>(second)];
  }
  return per_second;
}

TEST(SpawnInSimulator, HalfAUserPerSecondStartsOneEveryTwoSeconds) {
  // Locust at -r 0.5 starts a user at 0, 2, 4, 6 and 8 s (not one a second).
  EXPECT_EQ(simulated_starts(one_request_per_user(5, "0.5/s")),
            (std::vector<uint64_t>{1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 0, 0}));
}

TEST(SpawnInSimulator, MatchesTheLoadGeneratorsScheduleAtEveryRate) {
  for (double rate : {0.5, 1.0, 2.5, 10.0, 0.3}) {
    const std::string text = std::to_string(rate) + "/s";
    EXPECT_EQ(simulated_starts(one_request_per_user(20, text)),
              scheduled_starts(20, rate, SpawnMode::kLocustBatches))
        << rate;
    EXPECT_EQ(simulated_starts(one_request_per_user(20, text, "uniform")),
              scheduled_starts(20, rate, SpawnMode::kEvenlySpaced))
        << rate;
  }
}

TEST(SpawnInSimulator, FractionalRateStartsBatchesOfItsWholePart) {
  // 2.5/s: two users at 0, 0.8, 1.6, 2.4 and 3.2 s.
  EXPECT_EQ(simulated_starts(one_request_per_user(10, "2.5/s")),
            (std::vector<uint64_t>{4, 2, 2, 2, 0, 0, 0, 0, 0, 0, 0, 0}));
}

}  // namespace
}  // namespace stackplan::sim
