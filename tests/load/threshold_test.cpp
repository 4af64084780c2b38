#include "load/threshold.h"

#include <gtest/gtest.h>

namespace stackplan::load {
namespace {

LoadReport report_with(uint64_t requests, uint64_t failures, double latency_ms) {
  LoadReport r;
  r.total.requests = requests;
  r.total.failures = failures;
  r.total.latency.record_n(static_cast<uint64_t>(latency_ms * 1e6), requests);
  // Every request got a response: the failures are HTTP 500s.
  r.total.status_counts[200] = requests - failures;
  r.total.status_counts[500] = failures;
  r.elapsed = Duration::seconds(10);
  return r;
}

bool holds(const char* expression, const LoadReport& r) {
  auto t = Threshold::parse(expression);
  EXPECT_TRUE(t.ok()) << expression;
  return t.ok() && t->check(r).ok;
}

TEST(Threshold, LatencyPercentiles) {
  LoadReport r = report_with(1000, 0, 150);
  EXPECT_TRUE(holds("p95<200ms", r));
  EXPECT_FALSE(holds("p95<100ms", r));
  EXPECT_TRUE(holds("p99.9 <= 1s", r));
  EXPECT_TRUE(holds("p999<1s", r));
  EXPECT_TRUE(holds("avg>100ms", r));
  EXPECT_FALSE(holds("max<150ms", r));
}

TEST(Threshold, FailuresAsShareOrCount) {
  LoadReport r = report_with(1000, 5, 1);
  EXPECT_TRUE(holds("failures<1%", r));
  EXPECT_FALSE(holds("failures<0.5%", r));
  EXPECT_TRUE(holds("failures<=5", r));
  EXPECT_FALSE(holds("failures<5", r));
}

TEST(Threshold, ThroughputAndCounts) {
  LoadReport r = report_with(1000, 0, 1);  // 100 req/s over 10 s
  EXPECT_TRUE(holds("rps>=100", r));
  EXPECT_FALSE(holds("rps>100", r));
  EXPECT_TRUE(holds("requests>=1000", r));
  r.sends.scheduled = 1000;
  r.sends.dropped_sends = 20;
  EXPECT_FALSE(holds("dropped<=0", r));
  EXPECT_TRUE(holds("dropped<5%", r));
}

TEST(Threshold, NoResponseCannotPassALatencyThreshold) {
  // Five requests, all reset quickly: their times are short, but no response
  // ever arrived, so nothing says the service answers in time.
  LoadReport r;
  r.total.requests = r.total.failures = 5;
  r.total.error_counts[static_cast<size_t>(ErrorKind::kReset)] = 5;
  r.total.latency.record_n(100'000, 5);  // 0.1 ms each
  r.elapsed = Duration::seconds(1);
  for (const char* latency : {"p95<200ms", "avg<1s", "max<=1s", "med<1s"}) {
    auto t = Threshold::parse(latency);
    ASSERT_TRUE(t.ok());
    Threshold::Outcome o = t->check(r);
    EXPECT_FALSE(o.ok) << latency;
    EXPECT_NE(o.actual_text.find("no HTTP response"), std::string::npos) << o.actual_text;
  }
  EXPECT_FALSE(holds("failures<1%", r));
  EXPECT_TRUE(holds("requests>=5", r));
}

TEST(Threshold, NoRequestAtAllCannotPassAFailureShare) {
  LoadReport r;
  r.elapsed = Duration::seconds(1);
  EXPECT_FALSE(holds("failures<1%", r));
  EXPECT_FALSE(holds("p95<200ms", r));
}

TEST(Threshold, BadExpressions) {
  for (const char* bad : {"p95", "p95<200", "latency<2ms", "p0<1ms", "rps<5%", "<3", "failures<x"})
    EXPECT_FALSE(Threshold::parse(bad).ok()) << bad;
}

}  // namespace
}  // namespace stackplan::load
