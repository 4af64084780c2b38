#include "sim/simulator.h"

#include <algorithm>
#include <atomic>
#include <mutex>
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
  auto runs = simulate_replications(scenario, first_seed, replications,
                                    ReplicationOptions{threads, {}, nullptr});
  if (!runs) return runs.error();
  return std::move(runs->runs);
}

Result<ReplicationRuns> simulate_replications(const Scenario& scenario, uint64_t first_seed,
                                              int replications, const ReplicationOptions& options) {
  if (replications < 1) return Error("replications must be at least 1");
  std::vector<std::optional<Result<SimResult>>> runs(static_cast<size_t>(replications));
  std::atomic<int> next{0};
  std::mutex progress_mutex;
  int done = 0;
  auto cancelled = [&] {
    return options.cancel != nullptr && options.cancel->load(std::memory_order_relaxed);
  };
  auto worker = [&] {
    for (int i = next++; i < replications && !cancelled(); i = next++) {
      SimOptions sim_options;
      sim_options.seed = first_seed + static_cast<uint64_t>(i);
      sim_options.cancel = options.cancel;
      Model model(scenario, sim_options);
      runs[static_cast<size_t>(i)] = model.run();
      if (options.progress) {
        const std::lock_guard lock(progress_mutex);
        options.progress(++done, replications);
      }
    }
  };
  int n = std::clamp(options.threads, 1, replications);
  std::vector<std::thread> pool;
  for (int t = 1; t < n; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  ReplicationRuns results;
  for (auto& run : runs) {
    // Seeds after the first unfinished one are dropped even when they ran,
    // so that a cancelled result is the same prefix whatever the threads.
    if (!run || (run->ok() && !(*run)->complete)) {
      results.complete = false;
      break;
    }
    if (!run->ok()) return run->error();  // the first seed's error, whatever the threads
    results.runs.push_back(std::move(**run));
  }
  return results;
}

}  // namespace stackplan::sim
