#include "core/spawn_schedule.h"

#include <algorithm>
#include <cmath>

namespace stackplan {

namespace {
// Above this a batch holds more users than any run has, and the cast of
// floor(rate) to int64 would overflow.
constexpr double kLargestBatch = 1e18;
}  // namespace

Duration spawn_offset(int64_t user, double users_per_second, SpawnMode mode) {
  if (!(users_per_second > 0) || !std::isfinite(users_per_second) || user <= 0) return Duration();
  if (mode == SpawnMode::kEvenlySpaced)
    return std::min(Duration::longest(),
                    Duration::from_seconds(static_cast<double>(user) / users_per_second));
  if (users_per_second >= kLargestBatch) return Duration();
  const auto per_batch = std::max<int64_t>(1, static_cast<int64_t>(std::floor(users_per_second)));
  // The first user of the batch: user / per_batch batches, each taking
  // per_batch / rate seconds. Dividing the whole count once keeps integer
  // rates exact (batch k starts at exactly k seconds).
  const int64_t users_before_batch = user / per_batch * per_batch;
  return std::min(
      Duration::longest(),
      Duration::from_seconds(static_cast<double>(users_before_batch) / users_per_second));
}

}  // namespace stackplan
