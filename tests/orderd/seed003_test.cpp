// Seed 003 on this machine, with a 300 ms payment so the test stays short:
// Locust-style closed users (20 users, spawned at 10/s, waiting
// uniform(100ms, 500ms) between requests) against the sync and the async
// endpoint of the real orderd. Checks that the sync ceiling (slots / service
// time) holds, that async accepts far more, that the backlog drains at the
// ceiling rate, and that `stackplan simulate` with the same parameters
// predicts the measured accepted count, throughput and drain time within 10%.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "orderd/store.h"
#include "test_support.h"

namespace orderd_test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
namespace od = stackplan::orderd;

constexpr int kUsers = 20;
constexpr double kSpawnPerSecond = 10;
constexpr auto kDuration = 4s;
constexpr double kCeilingPerSecond = 5 / 0.3;  // 5 slots / 300 ms

struct LoadResult {
  int ok = 0;
  int failed = 0;
  double mean_latency_ms = 0;
  Clock::time_point end;
};

// Closed users, Locust semantics: each waits for its answer, then thinks.
LoadResult run_users(uint16_t port, const std::string& path, int expected_status) {
  std::atomic<int> ok{0}, failed{0};
  std::atomic<int64_t> latency_us{0};
  auto start = Clock::now();
  auto end = start + kDuration;
  std::vector<std::thread> users;
  for (int u = 0; u < kUsers; ++u) {
    users.emplace_back([&, u] {
      std::mt19937 rng(static_cast<unsigned>(u + 1));
      std::uniform_int_distribution<int> wait_ms(100, 500);
      std::this_thread::sleep_until(
          start + std::chrono::milliseconds(static_cast<int>(u * 1000 / kSpawnPerSecond)));
      while (Clock::now() < end) {
        auto t0 = Clock::now();
        auto r = http(port, "POST", path, order_body("user" + std::to_string(u)));
        if (Clock::now() > end) break;  // cut at the end of the run, as Locust does
        if (r.status == expected_status) {
          ++ok;
          latency_us +=
              std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - t0).count();
        } else {
          ++failed;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms(rng)));
      }
    });
  }
  for (auto& t : users) t.join();
  LoadResult result{ok.load(), failed.load(), 0, end};
  if (result.ok)
    result.mean_latency_ms = static_cast<double>(latency_us.load()) / result.ok / 1000.0;
  return result;
}

std::string stackplan_binary() {
  if (const char* env = std::getenv("STACKPLAN_BINARY")) return env;
  return STACKPLAN_BINARY;
}

TEST(Seed003, SyncCeilingHoldsAndAsyncAcceptsFarMoreThenDrainsAsPredicted) {
  TempDir dir;
  Backend backend("sqlite", dir);
  auto flags = backend.flags();
  for (const char* f : {"--payment-time", "300ms", "--payment-slots", "5", "--concurrency", "10",
                        "--poll-interval", "10ms", "--max-backlog-drain", "off"})
    flags.push_back(f);
  Orderd server(dir, "all", flags);

  // Sync: every request holds a payment slot for 300 ms.
  LoadResult sync = run_users(server.port(), "/orders/sync", 200);
  double sync_rate = sync.ok / std::chrono::duration<double>(kDuration).count();
  EXPECT_EQ(sync.failed, 0);
  EXPECT_LE(sync_rate, kCeilingPerSecond * 1.02) << "the sync ceiling is slots / service time";
  EXPECT_GE(sync_rate, kCeilingPerSecond * 0.75) << "20 users should saturate the 5 slots";

  // Async: accepted at the speed of the API, paid at the speed of the gateway.
  LoadResult async = run_users(server.port(), "/orders/async", 202);
  double accept_rate = async.ok / std::chrono::duration<double>(kDuration).count();
  EXPECT_EQ(async.failed, 0);
  EXPECT_GT(accept_rate, 3 * sync_rate);
  auto store = od::open_store(backend.store_config());
  ASSERT_TRUE(store.ok());
  auto backlog_at_end = (*store)->depth()->backlog();
  Clock::time_point drained;
  ASSERT_TRUE(eventually(
      [&] {
        drained = Clock::now();
        return (*store)->depth()->backlog() == 0;
      },
      30s));
  double drain_seconds = std::chrono::duration<double>(drained - async.end).count();
  double drain_rate = static_cast<double>(backlog_at_end) / drain_seconds;
  EXPECT_NEAR(drain_rate, kCeilingPerSecond, kCeilingPerSecond * 0.1)
      << backlog_at_end << " orders in " << drain_seconds << " s";
  RecordProperty("sync_per_second", std::to_string(sync_rate));
  RecordProperty("async_accepted", async.ok);
  RecordProperty("drain_seconds", std::to_string(drain_seconds));
  std::printf(
      "measured: sync %.2f/s; async accepted %d (%.2f/s, mean %.2f ms); backlog %lld "
      "drained in %.2f s (%.2f/s)\n",
      sync_rate, async.ok, accept_rate, async.mean_latency_ms,
      static_cast<long long>(backlog_at_end), drain_seconds, drain_rate);

  // The simulator, given the same parameters and the measured accept latency.
  std::string stackplan = stackplan_binary();
  if (stackplan.empty() || !std::filesystem::exists(stackplan))
    GTEST_SKIP() << "stackplan binary not built; simulate comparison skipped";
  std::string scenario = dir.file("seed003.yaml");
  std::ofstream(scenario) << "name: seed003-orderd-check\n"
                             "traffic:\n  users: 20\n  spawn_rate: 10/s\n"
                             "  wait: uniform(100ms, 500ms)\n  duration: 4s\n"
                             "architecture:\n  kind: async\n"
                          << "  api: { accept_latency: " << async.mean_latency_ms * 1000 << "us }\n"
                          << "  queue: { receive_batch: 1, visibility_timeout: 30s }\n"
                             "  workers: { processes: 1, concurrency: 10 }\n"
                             "  dependency: { name: payment, slots: 5, scope: per_process, "
                             "service_time: 300ms }\n";
  std::string json_path = dir.file("sim.json");
  std::string command = stackplan + " simulate " + scenario + " --json " + json_path + " > " +
                        dir.file("sim.txt") + " 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  std::ifstream in(json_path);
  auto sim = nlohmann::json::parse(in, nullptr, false);
  ASSERT_TRUE(sim.is_object());
  double sim_accepted = sim["orders"]["accepted"].get<double>();
  // Throughput as accepted orders over the traffic time, the same definition
  // as measured (the Locust table's rps divides by a shorter window).
  double sim_rps = sim_accepted / sim["traffic_seconds"].get<double>();
  double sim_drain = sim["queue"]["drain_seconds"].get<double>();
  std::printf("simulated: accepted %.0f (%.2f/s); drain %.2f s\n", sim_accepted, sim_rps,
              sim_drain);
  EXPECT_NEAR(sim_accepted, async.ok, 0.1 * async.ok);
  EXPECT_NEAR(sim_rps, accept_rate, 0.1 * accept_rate);
  EXPECT_NEAR(sim_drain, drain_seconds, 0.1 * drain_seconds);
}

}  // namespace
}  // namespace orderd_test
