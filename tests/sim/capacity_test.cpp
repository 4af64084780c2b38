// The analytic model (sim/capacity.h): its formulas on tiny scenarios with
// answers computed by hand, and its figures against the simulator on every
// example scenario.
#include "sim/capacity.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <iostream>

#include "sim_test_util.h"

namespace stackplan::sim {
namespace {

// --- the formulas, by hand -------------------------------------------------

TEST(Capacity, FlashSaleOnOneWorkerGrowsAt46PerSecond) {
  // 5 slots x 3 s = 1.667/s per process; 48/s offered: grows at 46.33/s,
  // 27,800 waiting after 600 s, which take 27,800 / 1.667 = 16,680 s to drain.
  auto e = estimate_capacity(from_text(R"(
traffic: { rate: 48/s, duration: 10min }
architecture:
  kind: async
  queue: { receive_latency: 0s }
  workers: { processes: 1, concurrency: 10 }
  dependency: { slots: 5, service_time: 3s }
)"));
  ASSERT_TRUE(e.bottleneck);
  EXPECT_EQ(e.components[*e.bottleneck].name, "payment");
  EXPECT_NEAR(*e.ceiling_per_second, 5.0 / 3, 1e-9);
  EXPECT_NEAR(e.offered.peak_per_second, 48, 1e-9);
  EXPECT_NEAR(e.offered.orders, 48 * 600, 1e-6);
  EXPECT_TRUE(e.queue_grows);
  EXPECT_NEAR(*e.growth_per_second, 48 - 5.0 / 3, 1e-9);
  EXPECT_NEAR(*e.peak_backlog, (48 - 5.0 / 3) * 600, 1e-6);
  EXPECT_NEAR(e.drain_after_peak->seconds_f(), (48 - 5.0 / 3) * 600 / (5.0 / 3), 1e-3);
  EXPECT_NEAR(e.components[*e.bottleneck].utilisation_at_peak, 48 / (5.0 / 3), 1e-9);
  // 10 messages held / 3 s = 3.33/s: the workers are not the bottleneck.
  EXPECT_NEAR(*e.components[1].per_second, 10.0 / 3, 1e-9);
  EXPECT_TRUE(e.cannot_estimate.empty());
}

TEST(Capacity, TwentyNineProcessesKeepUpWithFortyEight) {
  auto e = estimate_capacity(from_text(R"(
traffic: { rate: 48/s, duration: 10min }
architecture:
  kind: async
  workers: { processes: 29, concurrency: 10 }
  dependency: { slots: 5, service_time: 3s }
)"));
  EXPECT_NEAR(*e.ceiling_per_second, 29 * 5.0 / 3, 1e-9);
  EXPECT_FALSE(e.queue_grows);
  EXPECT_FALSE(e.peak_backlog);
}

TEST(Capacity, SpikeBacklogDrainsAgainstTheBaseline) {
  // 2/s baseline, 12/s for 100 s, ceiling 10/s (10 slots / 1 s): the backlog
  // peaks at 200 at the end of the spike and drains at 10 - 2 = 8/s: 25 s.
  auto e = estimate_capacity(from_text(R"(
traffic: { spike: { baseline: 2/s, rate: 12/s, at: 50s, for: 100s }, duration: 10min }
architecture:
  kind: async
  queue: { receive_latency: 0s }
  workers: { processes: 1, concurrency: 10 }
  dependency: { slots: 10, service_time: 1s }
)"));
  EXPECT_NEAR(*e.growth_per_second, 2, 1e-9);
  EXPECT_NEAR(*e.peak_backlog, 200, 1e-6);
  EXPECT_NEAR(e.peak_backlog_at->seconds_f(), 150, 1e-6);
  EXPECT_NEAR(e.drain_after_peak->seconds_f(), 25, 1e-6);
  EXPECT_EQ(e.drain_after_traffic_end->ns(), 0);
  EXPECT_NEAR(e.offered.mean_per_second, (2 * 500 + 12 * 100) / 600.0, 1e-9);
}

TEST(Capacity, ClosedModelIsBoundedByTheUsers) {
  // 20 users, 0.3 s mean think time, 3 s calls: 20 / 3.3 = 6.06/s offered,
  // 1.667/s served; responses take 20 / 1.667 - 0.3 = 11.7 s and nothing piles
  // up beyond the users.
  auto e = estimate_capacity(from_text(R"y(
traffic: { users: 20, spawn_rate: 10/s, wait: "uniform(100ms, 500ms)", duration: 60s }
architecture:
  kind: sync
  dependency: { slots: 5, scope: global, service_time: 3s }
)y"));
  EXPECT_TRUE(e.offered.closed);
  EXPECT_NEAR(e.offered.peak_per_second, 20 / 3.3, 1e-9);
  EXPECT_NEAR(e.throughput_at_peak, 5.0 / 3, 1e-9);
  EXPECT_FALSE(e.queue_grows);
  EXPECT_NEAR(e.saturated_response_time->seconds_f(), 20 / (5.0 / 3) - 0.3, 1e-6);
}

TEST(Capacity, CpuWorkFollowsAmdahl) {
  // 171 s at one vCPU on 2 vCPU at 95% parallel: 171 / (1 / (0.05 + 0.475))
  // = 89.775 s per scan; 10 processes: 0.1114 scans/s.
  auto e = estimate_capacity(from_text(R"(
traffic: { rate: 1000/day, duration: 1d }
architecture:
  kind: async
  workers: { processes: 10, concurrency: 1, cpu: { work: 171s, vcpu: 2, parallel_fraction: 95% } }
)"));
  EXPECT_NEAR(*e.ceiling_per_second, 10 / 89.775, 1e-6);
  EXPECT_EQ(e.components[*e.bottleneck].name, "workers");
}

TEST(Capacity, RetriesCostSlots) {
  // 50% failures, up to 2 attempts: 1.5 calls per order, so 10 slots / 1 s
  // serve 6.67 orders/s.
  auto e = estimate_capacity(from_text(R"(
traffic: { rate: 1/s, duration: 10s }
architecture:
  kind: async
  workers: { processes: 1, concurrency: 100 }
  dependency: { slots: 10, service_time: 1s, failure_rate: 50% }
  retry: { max_attempts: 2 }
)"));
  EXPECT_NEAR(*e.components.back().per_second, 10 / 1.5, 1e-9);
}

TEST(Capacity, SaysWhatItCannotEstimate) {
  auto e = estimate_capacity(load_example("flash-sale-100-goroutines.yaml"));
  EXPECT_TRUE(e.queue_grows);
  EXPECT_FALSE(e.peak_backlog);
  EXPECT_FALSE(e.drain_after_peak);
  ASSERT_EQ(e.cannot_estimate.size(), 1u);
  EXPECT_NE(e.cannot_estimate[0].find("visibility timeout"), std::string::npos);
}

}  // namespace
}  // namespace stackplan::sim
