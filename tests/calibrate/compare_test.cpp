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

// A percentile measured from few answers is uncertain, and more so in a thin
// tail: the slack of a latency row is its 95% confidence interval's
// half-width, never under 1 ms.
TEST(CalibrateCompare, LatencySlackIsTheMeasuredPercentilesUncertainty) {
  MeasuredRun m;
  m.traffic_time = Duration::seconds(10);
  // 1 ms for 90% of answers, then a tail rising linearly to 101 ms.
  for (int i = 0; i < kLatencyQuantiles; ++i) {
    const double q = (i + 0.5) / kLatencyQuantiles;
    m.latency_quantiles.push_back(
        Duration::from_seconds((q < 0.9 ? 1.0 : 1.0 + (q - 0.9) / 0.1 * 100) / 1e3));
  }
  m.latency_p50 = m.latency_quantiles[500];
  m.latency_p99 = m.latency_quantiles[990];
  auto slack_of = [&](uint64_t requests, const std::string& name) {
    m.requests = m.successes = requests;
    for (const FigureRow& row : compare(m, {predicted(requests, 0, 0)}, Duration::seconds(1)).rows)
      if (row.name == name) return row.slack;
    ADD_FAILURE() << name << " not compared";
    return 0.0;
  };
  // p99 of 300 answers: about 3 are slower than the true p99, and with 95%
  // confidence at most 7 (binomial), so the interval starts at the 293rd
  // answer, position 0.975: 76 ms against a measured p99 of 91 ms.
  EXPECT_NEAR(slack_of(300, "p99 latency"), 15.0, 1.0);
  // Of 40 answers a p99 is nearly the slowest, and the interval reaches down
  // to the 38th (position 0.9375): 38 ms below.
  EXPECT_NEAR(slack_of(40, "p99 latency"), 91.5 - (1.0 + 0.0375 / 0.1 * 100), 1.0);
  // Of a million answers the interval is narrow: 1 ms is the floor.
  EXPECT_DOUBLE_EQ(slack_of(1'000'000, "p99 latency"), 1.0);
  // The median lies in the flat part: a narrow interval, 1 ms.
  EXPECT_DOUBLE_EQ(slack_of(300, "p50 latency"), 1.0);
}

}  // namespace
}  // namespace stackplan::calibrate
