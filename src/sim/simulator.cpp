#include "sim/simulator.h"

#include <algorithm>
#include <atomic>
#include <optional>
#include <thread>

#include "sim/model.h"

namespace stackplan::sim {

Result<SimResult> simulate(const Scenario& scenario, const SimOptions& options) {
  Model model(scenario, options);
  return model.run();
}

Result<std::vector<SimResult>> simulate_replications(const Scenario& scenario, uint64_t first_seed,
                                                     int replications, int threads) {
  if (replications < 1) return Error("replications must be at least 1");
  std::vector<std::optional<Result<SimResult>>> runs(static_cast<size_t>(replications));
  std::atomic<int> next{0};
  auto worker = [&] {
    for (int i = next++; i < replications; i = next++) {
      SimOptions options;
      options.seed = first_seed + static_cast<uint64_t>(i);
      Model model(scenario, options);
      runs[static_cast<size_t>(i)] = model.run();
    }
  };
  int n = std::clamp(threads, 1, replications);
  std::vector<std::thread> pool;
  for (int t = 1; t < n; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  std::vector<SimResult> results;
  for (auto& run : runs) {
    if (!run->ok()) return run->error();  // the first seed's error, whatever the threads
    results.push_back(std::move(**run));
  }
  return results;
}

}  // namespace stackplan::sim
