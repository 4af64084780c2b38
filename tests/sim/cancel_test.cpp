// Progress and cancellation of a run: a cancelled run is the full run's
// prefix, marked incomplete, never an error; without cancelling, the result
// does not change.
#include <gtest/gtest.h>

#include <atomic>
#include <vector>

#include "report/sim_report.h"
#include "sim_test_util.h"

namespace stackplan::sim {
namespace {

// About 600,000 orders: millions of events, dozens of polls.
Scenario busy_scenario() {
  return from_text(
      "traffic: { rate: 1000/s, duration: 10min }\n"
      "architecture:\n  kind: async\n"
      "  queue: { receive_batch: 10, receive_latency: 0s }\n"
      "  workers: { processes: 4, concurrency: 5 }\n"
      "  dependency: { slots: 5, scope: per_process, service_time: exponential(10ms) }\n");
}

// Progress at every poll, so that calls count events, not wall time.
SimOptions polled_every_time(uint64_t seed = 1) {
  SimOptions options;
  options.seed = seed;
  options.timeline = true;
  options.progress_interval = std::chrono::milliseconds(0);
  return options;
}

TEST(SimCancel, ProgressReportsIncreasingSimulatedTimeUpToTheTrafficEnd) {
  const Scenario s = busy_scenario();
  std::vector<SimProgress> calls;
  SimOptions options = polled_every_time();
  options.progress = [&calls](const SimProgress& p) { calls.push_back(p); };
  const SimResult result = test::must(simulate(s, options));
  ASSERT_GE(calls.size(), 10u);
  for (size_t i = 1; i < calls.size(); ++i) {
    EXPECT_GT(calls[i].reached, calls[i - 1].reached) << i;
    EXPECT_EQ(calls[i].events, calls[i - 1].events + kPollEvents) << i;
  }
  EXPECT_EQ(calls.front().traffic_end, Duration::seconds(600));
  EXPECT_GE(calls.front().limit, calls.front().traffic_end);
  EXPECT_LE(calls.back().reached, result.simulated_time);
  EXPECT_TRUE(result.complete);
}

TEST(SimCancel, ACancelledRunIsThePrefixOfTheFullRunMarkedIncomplete) {
  const Scenario s = busy_scenario();
  const SimResult full = test::must(simulate(s, polled_every_time()));

  std::atomic<bool> cancel{false};
  SimOptions options = polled_every_time();
  options.cancel = &cancel;
  Duration reached_when_cancelled;
  int calls = 0;
  options.progress = [&](const SimProgress& p) {
    if (++calls == 5) {
      cancel = true;
      reached_when_cancelled = p.reached;
    }
  };
  auto partial = simulate(s, options);
  ASSERT_TRUE(partial.ok()) << partial.error().message();  // a value, not an error
  EXPECT_FALSE(partial->complete);
  EXPECT_TRUE(full.complete);
  // Stopped at the poll after the one that raised the flag.
  EXPECT_EQ(partial->events, 6 * kPollEvents);
  EXPECT_GE(partial->simulated_time, reached_when_cancelled);
  EXPECT_LT(partial->simulated_time, Duration::seconds(600));
  EXPECT_EQ(partial->traffic_time, partial->simulated_time);
  EXPECT_LT(partial->requests.requests, full.requests.requests);
  EXPECT_GT(partial->requests.requests, 0u);
  // Every whole second before the stop is the full run's, to the last count.
  ASSERT_FALSE(partial->timeline.empty());
  ASSERT_LT(partial->timeline.size(), full.timeline.size());
  for (size_t i = 0; i < partial->timeline.size(); ++i) {
    EXPECT_EQ(partial->timeline[i].arrivals, full.timeline[i].arrivals) << i;
    EXPECT_EQ(partial->timeline[i].completions, full.timeline[i].completions) << i;
    EXPECT_EQ(partial->timeline[i].visible, full.timeline[i].visible) << i;
  }
}

TEST(SimCancel, ACancelFlagNeverRaisedChangesNothing) {
  const Scenario s = busy_scenario();
  std::atomic<bool> cancel{false};
  SimOptions watched = polled_every_time(3);
  watched.cancel = &cancel;
  watched.progress = [](const SimProgress&) {};
  const auto a = report::sim_json(test::must(simulate(s, watched)), {}).dump();
  const auto b = report::sim_json(test::must(simulate(s, SimOptions{3, true})), {}).dump();
  EXPECT_EQ(a, b);
}

TEST(SimCancel, CancelledReplicationsAreASeedOrderedPrefixOfFinishedRuns) {
  const Scenario s = from_text(
      "traffic: { rate: 200/s, duration: 1min }\n"
      "architecture: { kind: sync, api: { processes: 2 },"
      " dependency: { slots: 20, service_time: exponential(10ms) } }\n");
  const auto all = test::must(simulate_replications(s, 5, 6, 1));
  for (int threads : {1, 3}) {
    std::atomic<bool> cancel{false};
    ReplicationOptions options;
    options.threads = threads;
    options.cancel = &cancel;
    std::vector<int> done_counts;
    options.progress = [&](int done, int total) {
      EXPECT_EQ(total, 6);
      done_counts.push_back(done);
      if (done == 2) cancel = true;
    };
    const auto runs = test::must(simulate_replications(s, 5, 6, options));
    EXPECT_FALSE(runs.complete) << threads;
    ASSERT_LT(runs.runs.size(), 6u) << threads;
    if (threads == 1) {
      EXPECT_EQ(runs.runs.size(), 2u);
    }
    for (size_t i = 0; i < runs.runs.size(); ++i) {
      EXPECT_EQ(runs.runs[i].seed, 5 + i) << threads;
      EXPECT_TRUE(runs.runs[i].complete) << threads;
      EXPECT_EQ(report::sim_json(runs.runs[i], {}).dump(), report::sim_json(all[i], {}).dump())
          << threads << " seed " << 5 + i;
    }
    for (size_t i = 0; i < done_counts.size(); ++i) EXPECT_EQ(done_counts[i], int(i) + 1);
  }
}

TEST(SimCancel, UncancelledReplicationsAreComplete) {
  const Scenario s = from_text(
      "traffic: { rate: 50/s, duration: 10s }\n"
      "architecture: { kind: sync, api: { processes: 2 },"
      " dependency: { slots: 20, service_time: 10ms } }\n");
  int calls = 0;
  ReplicationOptions options;
  options.threads = 2;
  options.progress = [&calls](int, int) { ++calls; };
  const auto runs = test::must(simulate_replications(s, 1, 4, options));
  EXPECT_TRUE(runs.complete);
  EXPECT_EQ(runs.runs.size(), 4u);
  EXPECT_EQ(calls, 4);
}

}  // namespace
}  // namespace stackplan::sim
