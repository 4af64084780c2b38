#include <gtest/gtest.h>

#include "sim_test_util.h"

namespace stackplan::sim {
namespace {

Scenario function_scenario(const std::string& function, const std::string& traffic) {
  auto s = parse_scenario_text(
      "traffic: " + traffic + "\narchitecture:\n  kind: serverless\n  function: " + function + "\n",
      "fn");
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message());
  return *s;
}

TEST(Serverless, BurstColdStartsOneInstanceEach) {
  auto r = run(load_example("serverless-burst.yaml"));
  EXPECT_EQ(r.orders.completed, 10u);
  EXPECT_EQ(r.resources.cold_starts, 10u);
  EXPECT_EQ(r.resources.peak_instances, 10u);
  // 60 ms cold start + 20 ms handler.
  EXPECT_NEAR(ms(r.requests.latency_ns.min()), 80, 0.5);
  EXPECT_NEAR(ms(r.requests.latency_ns.max()), 80, 0.5);
}

TEST(Serverless, WarmInstancesAreReusedUntilReclaimed) {
  // One request per second, 100 ms each: one instance stays warm.
  auto warm =
      run(function_scenario("{ cold_start: 60ms, handler_time: 100ms, idle_reclaim: 10min }",
                            "{ rate: 1/s, arrivals: constant, duration: 60s }"));
  EXPECT_EQ(warm.resources.cold_starts, 1u);
  EXPECT_EQ(warm.resources.function_invocations, 60u);
  // Reclaimed after 500 ms idle: every request is cold.
  auto cold =
      run(function_scenario("{ cold_start: 60ms, handler_time: 100ms, idle_reclaim: 500ms }",
                            "{ rate: 1/s, arrivals: constant, duration: 60s }"));
  EXPECT_EQ(cold.resources.cold_starts, 60u);
}

TEST(Serverless, BilledDurationRoundsUpToTheMillisecond) {
  auto r = run(function_scenario("{ cold_start: 0ms, handler_time: 20300us, memory: 1024MB }",
                                 "{ rate: 1/s, arrivals: constant, duration: 10s }"));
  EXPECT_EQ(r.resources.function_invocations, 10u);
  EXPECT_EQ(r.resources.function_billed_ms, 10u * 21);
  EXPECT_NEAR(r.resources.function_gb_seconds, 10 * 0.021, 1e-9);
}

TEST(Serverless, SyncCallersBeyondTheConcurrencyLimitAreThrottled) {
  auto r = run(function_scenario("{ cold_start: 0ms, handler_time: 1s, concurrency_limit: 5 }",
                                 "{ rate: 10/s, arrivals: constant, duration: 10s }"));
  EXPECT_GT(r.resources.throttles, 0u);
  EXPECT_EQ(r.requests.failures, r.resources.throttles);
  EXPECT_LE(r.resources.peak_instances, 5u);
  // At most 5 in flight for 1 s each: 5 completions per second.
  EXPECT_NEAR(static_cast<double>(r.orders.completed), 50, 5);
}

TEST(Serverless, AsyncEventsAreRetriedNotLost) {
  auto r = run(load_example("serverless-flash-sale.yaml"));
  EXPECT_GT(r.resources.throttles, 0u);
  EXPECT_EQ(r.requests.failures, 0u);
  EXPECT_EQ(r.orders.completed, r.orders.accepted);
  EXPECT_LE(r.resources.peak_instances, 100u);
  EXPECT_TRUE(r.queue.drained);
  // Each completed order billed about its 3 s payment call (plus init).
  EXPECT_GE(r.resources.function_billed_ms, r.orders.completed * 3000);
}

}  // namespace
}  // namespace stackplan::sim
