#include "core/spawn_schedule.h"

#include <gtest/gtest.h>

#include <limits>
#include <vector>

namespace stackplan {
namespace {

// The start offsets, in milliseconds, of the first `users` users.
std::vector<int64_t> starts_ms(int64_t users, double rate,
                               SpawnMode mode = SpawnMode::kLocustBatches) {
  std::vector<int64_t> out;
  for (int64_t u = 0; u < users; ++u) out.push_back(spawn_offset(u, rate, mode).ns() / 1'000'000);
  return out;
}

TEST(SpawnSchedule, HalfAUserPerSecondStartsOneEveryTwoSeconds) {
  // Locust: batches of max(1, floor(0.5)) = 1 user, 1 / 0.5 = 2 s apart.
  EXPECT_EQ(starts_ms(4, 0.5), (std::vector<int64_t>{0, 2000, 4000, 6000}));
}

TEST(SpawnSchedule, OneUserPerSecondStartsOneEverySecond) {
  EXPECT_EQ(starts_ms(4, 1), (std::vector<int64_t>{0, 1000, 2000, 3000}));
}

TEST(SpawnSchedule, FractionalRateStartsWholeBatchesMoreOften) {
  // 2.5/s: batches of 2, each 2 / 2.5 = 0.8 s after the previous one.
  EXPECT_EQ(starts_ms(6, 2.5), (std::vector<int64_t>{0, 0, 800, 800, 1600, 1600}));
}

TEST(SpawnSchedule, TenPerSecondStartsTenAtEachWholeSecond) {
  auto starts = starts_ms(25, 10);
  for (int64_t u = 0; u < 25; ++u) EXPECT_EQ(starts[static_cast<size_t>(u)], u / 10 * 1000) << u;
}

TEST(SpawnSchedule, IntegerRatesGiveExactSecondsAtLargeCounts) {
  // At 7/s user 999,999 opens batch 142,857 (7 * 142,857 = 999,999): exactly
  // that many seconds in, its predecessors one batch earlier.
  EXPECT_EQ(spawn_offset(999'999, 7, SpawnMode::kLocustBatches), Duration::seconds(142'857));
  EXPECT_EQ(spawn_offset(999'998, 7, SpawnMode::kLocustBatches), Duration::seconds(142'856));
  EXPECT_EQ(spawn_offset(999'992, 7, SpawnMode::kLocustBatches), Duration::seconds(142'856));
  EXPECT_EQ(spawn_offset(999'991, 7, SpawnMode::kLocustBatches), Duration::seconds(142'855));
  // 2.5/s over a million users: batch k of 2 starts at k * 0.8 s.
  EXPECT_EQ(spawn_offset(1'000'001, 2.5, SpawnMode::kLocustBatches), Duration::seconds(400'000));
}

TEST(SpawnSchedule, EvenlySpacedStartsOneEveryInverseRate) {
  EXPECT_EQ(starts_ms(4, 2.5, SpawnMode::kEvenlySpaced), (std::vector<int64_t>{0, 400, 800, 1200}));
  EXPECT_EQ(starts_ms(3, 0.5, SpawnMode::kEvenlySpaced), (std::vector<int64_t>{0, 2000, 4000}));
}

TEST(SpawnSchedule, NoRateStartsEveryoneAtOnce) {
  for (double rate : {0.0, -1.0, std::numeric_limits<double>::quiet_NaN(),
                      std::numeric_limits<double>::infinity()})
    for (auto mode : {SpawnMode::kLocustBatches, SpawnMode::kEvenlySpaced})
      EXPECT_EQ(spawn_offset(1000, rate, mode), Duration()) << rate;
  EXPECT_EQ(spawn_offset(1000, 1e300, SpawnMode::kLocustBatches), Duration());
}

TEST(SpawnSchedule, AVanishingRateIsCutToTheLongestDelay) {
  EXPECT_EQ(spawn_offset(5, 1e-300, SpawnMode::kLocustBatches), Duration::longest());
  EXPECT_EQ(spawn_offset(5, 1e-300, SpawnMode::kEvenlySpaced), Duration::longest());
}

}  // namespace
}  // namespace stackplan
