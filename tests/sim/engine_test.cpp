#include <gtest/gtest.h>

#include "report/sim_report.h"
#include "sim/event_queue.h"
#include "sim/targets.h"
#include "sim_test_util.h"

namespace stackplan::sim {
namespace {

TEST(EventQueue, OrdersByTimeThenBySchedulingOrder) {
  EventQueue q;
  q.schedule(Duration::seconds(2), 0, 1);
  q.schedule(Duration::seconds(1), 0, 2);
  q.schedule(Duration::seconds(1), 0, 3);
  q.schedule(Duration::seconds(0), 0, 4);
  std::vector<uint32_t> order;
  while (!q.empty()) order.push_back(q.pop().target);
  EXPECT_EQ(order, (std::vector<uint32_t>{4, 2, 3, 1}));
}

TEST(Engine, SameSeedSameOutputDifferentSeedDifferentOutput) {
  auto s = load_example("autoscaling-flash-sale.yaml");
  auto a = report::sim_json(run(s, 7), {}).dump();
  auto b = report::sim_json(run(s, 7), {}).dump();
  auto c = report::sim_json(run(s, 8), {}).dump();
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
}

TEST(Engine, ReplicationsDoNotDependOnThreadCount) {
  auto s = load_example("flash-sale-sync.yaml");
  auto one = simulate_replications(s, 1, 6, 1);
  auto three = simulate_replications(s, 1, 6, 3);
  ASSERT_TRUE(one.ok() && three.ok());
  EXPECT_EQ(report::replications_json(*one, {}).dump(),
            report::replications_json(*three, {}).dump());
  for (size_t i = 0; i < 6; ++i) EXPECT_EQ((*one)[i].seed, 1 + i);
}

TEST(Engine, ConfidenceIntervalUsesStudentT) {
  auto e = report::estimate({1, 2, 3, 4, 5});
  EXPECT_DOUBLE_EQ(e.mean, 3);
  // sd = 1.5811, t(4) = 2.776: 2.776 * 1.5811 / sqrt(5) = 1.963
  EXPECT_NEAR(e.half_width, 1.963, 0.001);
}

TEST(Engine, ConstantOpenArrivalsAreExact) {
  auto r =
      run(from_text("traffic: { rate: 50/s, arrivals: constant, duration: 20s }\n"
                    "architecture: { kind: async, workers: { processes: 1, concurrency: 1 },"
                    " dependency: { slots: 1, service_time: 1ms } }"));
  EXPECT_EQ(r.orders.accepted, 1000u);
  EXPECT_EQ(r.orders.completed, 1000u);
}

TEST(Engine, PoissonArrivalsMatchTheRate) {
  auto r =
      run(from_text("traffic: { rate: 1000/s, duration: 100s }\n"
                    "architecture: { kind: async, workers: { processes: 4, concurrency: 5 },"
                    " queue: { receive_latency: 0s },"
                    " dependency: { slots: 5, service_time: exponential(10ms) } }"));
  // 100,000 expected; the standard deviation is 316.
  EXPECT_NEAR(static_cast<double>(r.orders.accepted), 100000, 1500);
  // M/M/20 at utilisation 0.5 waits little: mean order time close to 10 ms.
  EXPECT_NEAR(r.orders.latency_ns.mean() / 1e6, 10, 1);
}

TEST(Engine, ImpatientCustomersAbandonTheSyncQueue) {
  auto r =
      run(from_text("traffic: { rate: 10/s, arrivals: constant, duration: 60s, patience: 5s }\n"
                    "architecture: { kind: sync, dependency: { slots: 5, scope: global,"
                    " service_time: 3s } }"));
  EXPECT_GT(r.orders.abandoned, 0u);
  EXPECT_EQ(r.requests.failures, r.orders.abandoned);
  // Nobody waits longer than their patience for an answer.
  EXPECT_LE(ms(r.requests.latency_ns.max()), 5000 * 1.01);
}

TEST(Engine, FailingPaymentsEndInTheDeadLetterQueue) {
  auto r = run(from_text(
      "traffic: { rate: 10/s, arrivals: constant, duration: 10s }\n"
      "architecture: { kind: async, queue: { visibility_timeout: 5s, max_receives: 3 },"
      " workers: { processes: 1, concurrency: 10 }, retry: { max_attempts: 2, backoff: 10ms },"
      " dependency: { slots: 10, service_time: 10ms, failure_rate: 100% } }"));
  EXPECT_EQ(r.orders.completed, 0u);
  EXPECT_EQ(r.orders.dead_lettered, r.orders.accepted);
  // Received three times (max_receives), so delivered again twice.
  EXPECT_EQ(r.orders.redeliveries, r.orders.accepted * 2);
  EXPECT_TRUE(r.queue.drained);
}

TEST(Engine, AutoscalingAddsWorkersAndDrains) {
  auto r = run(load_example("autoscaling-flash-sale.yaml"));
  EXPECT_GT(r.resources.peak_workers, 20u);
  EXPECT_TRUE(r.queue.drained);
  EXPECT_EQ(r.orders.completed + r.orders.dead_lettered, r.orders.accepted);
  // Two processes for the whole run would be 2 x run time; scaling costs more.
  EXPECT_GT(r.resources.task_seconds.at("worker"), 2 * r.simulated_time.seconds_f());
}

TEST(Engine, CpuWorkScalesWithVcpu) {
  auto text = [](const char* vcpu) {
    return std::string("traffic: { rate: 1/h, arrivals: constant, duration: 3h }\n") +
           "architecture: { kind: async, queue: { visibility_timeout: 1h, receive_latency: 0s },"
           " workers: { processes: 1, cpu: { work: 40s, vcpu: " +
           vcpu + ", parallel_fraction: 100% } } }";
  };
  auto half = run(from_text(text("0.5")));
  auto two = run(from_text(text("2")));
  EXPECT_NEAR(half.orders.latency_ns.mean() / 1e9, 80, 0.01);
  EXPECT_NEAR(two.orders.latency_ns.mean() / 1e9, 20, 0.01);
}

TEST(Engine, TimelineHasOneRowPerSecond) {
  auto r = run(load_example("flash-sale-async.yaml"), 1, true);
  ASSERT_GT(r.timeline.size(), 1000u);
  uint64_t arrivals = 0, completions = 0;
  for (size_t i = 0; i < r.timeline.size(); ++i) {
    EXPECT_EQ(r.timeline[i].second, static_cast<int64_t>(i));
    arrivals += r.timeline[i].arrivals;
    completions += r.timeline[i].completions;
  }
  EXPECT_LE(arrivals, r.orders.accepted);
  EXPECT_GE(arrivals + 50, r.orders.accepted);
  EXPECT_LE(completions, r.orders.completed);
  EXPECT_GE(completions + 50, r.orders.completed);
  std::string csv = report::timeline_csv(r);
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "second,arrivals,completions,visible,in_flight,active_workers");
}

TEST(Engine, AGapLongerThanTheClockHoldsEndsTheSegmentInsteadOfWrapping) {
  // The parser refuses such rates; a rate derived in code (a month with one
  // order) must still never turn a gap into a wrapped, negative time.
  auto s = from_text(
      "traffic: { steps: [ { rate: 1/s, for: 30s }, { rate: 1/s, for: 30s } ] }\n"
      "architecture: { kind: async, dependency: { slots: 5, service_time: 3s } }");
  s.traffic.open.segments[1].per_second = 1e-15;
  auto r = run(s);
  // About 30 orders in the first half, none in the second.
  EXPECT_GT(r.orders.accepted, 10u);
  EXPECT_LT(r.orders.accepted, 60u);
  EXPECT_EQ(r.orders.completed, r.orders.accepted);
}

TEST(Engine, CpuWorkSlowedBeyondTheClockIsClampedNotWrapped) {
  auto s = from_text(
      "traffic: { rate: 1/s, arrivals: constant, duration: 3s }\n"
      "architecture: { kind: async, workers: { processes: 1, concurrency: 1000000, "
      "cpu: { work: 300d, vcpu: 0.0625 } } }\n"
      "simulation: { drain_limit: 1h }");
  auto r = run(s);
  EXPECT_EQ(r.orders.accepted, 3u);
  EXPECT_EQ(r.orders.completed, 0u);  // each job would take ~1.3e10 years
}

TEST(Targets, OverReplicationsTheMeanDecidesAndMissesAreCounted) {
  auto s = load_example("flash-sale-sync.yaml");  // accept_p95 <= 3.1s, ~12s seen
  auto runs = simulate_replications(s, 1, 3, 1);
  ASSERT_TRUE(runs.ok());
  auto missed = check_targets(s.targets, *runs);
  ASSERT_EQ(missed.size(), 1u);
  EXPECT_EQ(missed[0].name, "accept_p95");
  EXPECT_FALSE(missed[0].met);
  EXPECT_NE(missed[0].actual.find("missed in 3 of 3 runs"), std::string::npos) << missed[0].actual;

  s.targets.accept_p95 = Duration::seconds(60);
  auto met = check_targets(s.targets, *runs);
  EXPECT_TRUE(met[0].met);
  EXPECT_NE(met[0].actual.find("missed in 0 of 3 runs"), std::string::npos) << met[0].actual;
}

TEST(Targets, OverReplicationsARunWithoutDataMissesTheTarget) {
  auto s = load_example("flash-sale-sync.yaml");
  auto runs = simulate_replications(s, 1, 2, 1);
  ASSERT_TRUE(runs.ok());
  s.targets.order_p95 = Duration::seconds(3600);
  (*runs)[1].orders.latency_ns = Histogram();  // as if no order was paid in that run
  auto checks = check_targets(s.targets, *runs);
  ASSERT_EQ(checks.size(), 2u);
  EXPECT_EQ(checks[1].name, "order_p95");
  EXPECT_FALSE(checks[1].met);
  EXPECT_NE(checks[1].actual.find("no data in 1 of 2 runs"), std::string::npos) << checks[1].actual;
}

TEST(Engine, ABacklogBeyondTheLiveRequestLimitStopsWithAnError) {
  // 1000 orders/s against one payment slot of 1 s: the backlog grows without
  // end; the run must stop with an error instead of eating memory.
  auto s = from_text(
      "traffic: { rate: 1000/s, arrivals: constant, duration: 60s }\n"
      "architecture: { kind: async, dependency: { slots: 1, service_time: 1s } }");
  SimOptions options;
  options.max_live_requests = 5000;
  auto r = simulate(s, options);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message().find("more than 5000 orders in the system at once"),
            std::string::npos)
      << r.error().message();
  auto runs = simulate_replications(s, 1, 2, 2);
  EXPECT_TRUE(runs.ok());  // the default limit is far above 60,000 orders
}

}  // namespace
}  // namespace stackplan::sim
