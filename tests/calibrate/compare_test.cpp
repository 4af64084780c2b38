// Measured against predicted: which figures are compared, the error of each,
// and when a difference is within the tolerance.
#include "calibrate/compare.h"

#include <gtest/gtest.h>

namespace stackplan::calibrate {
namespace {

TEST(CalibrateCompare, RelativeErrorAndSlack) {
  FigureRow latency{"p99 latency", "ms", 200, 215, 0};
  EXPECT_NEAR(*latency.relative_error(), 0.075, 1e-12);
  EXPECT_TRUE(latency.within(0.10));
  EXPECT_FALSE(latency.within(0.05));
  // A count of 0 against 1: no relative error, but within one event's slack.
  FigureRow duplicates{"duplicate charges", "", 0, 1, 1};
  EXPECT_FALSE(duplicates.relative_error());
  EXPECT_TRUE(duplicates.within(0.10));
  FigureRow many{"duplicate charges", "", 0, 3, 1};
  EXPECT_FALSE(many.within(0.10));
}

sim::SimResult predicted(uint64_t requests, uint64_t accepted, double drain_s) {
  sim::SimResult r;
  r.requests.requests = requests;
  for (int i = 0; i < 100; ++i) r.requests.latency_ns.record(2'000'000);
  r.orders.accepted = accepted;
  r.resources.messages = accepted;
  r.queue.drain_time = Duration::from_seconds(drain_s);
  r.timeline = {{0, 0, 0, 10, 5, 1}, {1, 0, 0, 200, 5, 1}, {2, 0, 0, 100, 5, 1}};
  return r;
}

TEST(CalibrateCompare, AsyncRunComparesQueueFiguresAveragedOverReplications) {
  MeasuredRun m;
  m.traffic_time = Duration::seconds(10);
  m.requests = m.successes = 480;
  m.latency_p50 = m.latency_p95 = m.latency_p99 = Duration::milliseconds(2);
  m.signals.backlog = {{Duration::seconds(1), 100, std::nullopt},
                       {Duration::seconds(10), 210, std::nullopt},
                       {Duration::seconds(30), 0, std::nullopt}};
  m.signals.duplicates_refused = 0;
  Comparison c =
      compare(m, {predicted(470, 470, 19), predicted(490, 490, 21)}, Duration::seconds(1));
  std::vector<std::string> names;
  for (const auto& row : c.rows) names.push_back(row.name);
  EXPECT_EQ(names,
            (std::vector<std::string>{"requests", "throughput", "failures", "p50 latency",
                                      "p95 latency", "p99 latency", "accepted", "peak backlog",
                                      "time to drain", "duplicate charges"}));
  EXPECT_DOUBLE_EQ(c.rows[0].predicted, 480);  // (470 + 490) / 2
  EXPECT_DOUBLE_EQ(c.rows[7].measured, 210);   // the highest scrape
  EXPECT_DOUBLE_EQ(c.rows[7].predicted, 205);  // visible + in flight at its peak
  EXPECT_DOUBLE_EQ(c.rows[8].measured, 20);    // 30 s - 10 s
  EXPECT_DOUBLE_EQ(c.rows[8].predicted, 20);
  EXPECT_TRUE(c.within(0.10));
}

TEST(CalibrateCompare, SyncRunHasNoQueueFigures) {
  MeasuredRun m;
  m.traffic_time = Duration::seconds(10);
  m.requests = m.successes = 100;
  sim::SimResult r;
  r.requests.requests = 130;
  Comparison c = compare(m, {r}, Duration::seconds(1));
  EXPECT_EQ(c.rows.size(), 6u);
  EXPECT_FALSE(c.within(0.10));  // 130 against 100 requests
  EXPECT_NEAR(*c.rows[0].relative_error(), 0.3, 1e-12);
}

}  // namespace
}  // namespace stackplan::calibrate
