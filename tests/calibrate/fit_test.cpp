// Fitting the model's unknowns: what each measured signal settles, what it
// cannot, and the refusals of runs that say nothing.
#include "calibrate/fit.h"

#include <gtest/gtest.h>

#include "scenario/scenario.h"

namespace stackplan::calibrate {
namespace {

Scenario scenario(const std::string& kind, int64_t slots) {
  auto s = parse_scenario_text(
      "name: t\n"
      "traffic: {users: 20, spawn_rate: 10/s, wait: \"uniform(100ms, "
      "500ms)\", duration: 10s}\n"
      "architecture:\n  kind: " +
          kind +
          "\n  workers: {processes: 1, concurrency: 10}\n"
          "  dependency: {slots: " +
          std::to_string(slots) + ", service_time: 1s}\n",
      "t.yaml");
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message());
  return s.ok() ? *s : Scenario{};
}

ObservedDistribution observed(double mean_ms, double p99_ms, bool same_bucket, double count) {
  ObservedDistribution d;
  d.count = count;
  d.mean = Duration::from_seconds(mean_ms / 1e3);
  d.p99 = Duration::from_seconds(p99_ms / 1e3);
  d.p99_in_mean_bucket = same_bucket;
  return d;
}

// A saturated sync run: 5 slots of 300 ms answer 16.67/s once all users run.
MeasuredRun saturated_sync_run() {
  MeasuredRun run;
  run.traffic_time = Duration::seconds(10);
  run.requests = run.successes = 150;
  run.successes_per_second = {8, 16, 17, 16, 17, 17, 16, 17, 17, 9};
  run.latency_mean = Duration::milliseconds(1100);  // 20 users queue for 5 slots
  run.signals.service_time = observed(301, 497, true, 150);
  return run;
}

const FittedField* field(const Fit& fit, const std::string& path) {
  for (const auto& f : fit.fields)
    if (f.path == path) return &f;
  return nullptr;
}

TEST(CalibrateFit, SaturatedSyncRunSettlesServiceTimeAndSlots) {
  auto fit = fit_scenario(scenario("sync", 12), saturated_sync_run());
  ASSERT_TRUE(fit.ok()) << fit.error().message();
  const Dependency& d = *fit->scenario.architecture.dependency;
  // p99 in the mean's bucket: the histogram cannot tell the calls apart.
  EXPECT_EQ(d.service_time.kind(), Distribution::Kind::kConstant);
  EXPECT_NEAR(d.service_time.mean().seconds_f(), 0.301, 1e-6);
  // Seconds 2 to 8 (after the 2 s ramp, before the last): 117 / 7 = 16.71/s,
  // x 0.301 s = 5.03 calls at once.
  EXPECT_EQ(d.slots, 5);
  ASSERT_NE(field(*fit, "architecture.dependency.slots"), nullptr);
  EXPECT_NE(field(*fit, "architecture.dependency.slots")->source.find("16.71"), std::string::npos);
  EXPECT_EQ(field(*fit, "architecture.dependency.service_time")->value, "301.000ms");
}

TEST(CalibrateFit, UnsaturatedRunKeepsTheSlotsAndSaysWhy) {
  MeasuredRun run = saturated_sync_run();
  run.successes_per_second = {4, 8, 8, 8, 8, 8, 8, 8, 8, 4};  // 8/s x 0.301 s = 2.4 at once
  run.latency_mean = Duration::milliseconds(305);             // no wait for a slot
  auto fit = fit_scenario(scenario("sync", 5), run);
  ASSERT_TRUE(fit.ok());
  EXPECT_EQ(fit->scenario.architecture.dependency->slots, 5);
  EXPECT_EQ(field(*fit, "architecture.dependency.slots"), nullptr);
  ASSERT_EQ(fit->notes.size(), 1u);
  EXPECT_NE(fit->notes[0].find("at least 3; kept 5"), std::string::npos) << fit->notes[0];
}

TEST(CalibrateFit, SpreadServiceTimesFitALognormal) {
  MeasuredRun run = saturated_sync_run();
  run.signals.service_time = observed(300, 900, false, 150);
  auto fit = fit_scenario(scenario("sync", 5), run);
  ASSERT_TRUE(fit.ok());
  const Distribution& t = fit->scenario.architecture.dependency->service_time;
  EXPECT_EQ(t.kind(), Distribution::Kind::kLognormal);
  EXPECT_NEAR(t.mean().seconds_f(), 0.3, 1e-3);
  EXPECT_EQ(field(*fit, "architecture.dependency.service_time")->value,
            "lognormal(mean=300.000ms, p99=900.000ms)");
}

TEST(CalibrateFit, NoHistogramKeepsTheScenariosServiceTime) {
  MeasuredRun run = saturated_sync_run();
  run.signals.service_time.reset();
  auto fit = fit_scenario(scenario("sync", 5), run);
  ASSERT_TRUE(fit.ok());
  EXPECT_EQ(fit->scenario.architecture.dependency->service_time.mean(), Duration::seconds(1));
  EXPECT_EQ(field(*fit, "architecture.dependency.service_time"), nullptr);
}

TEST(CalibrateFit, AsyncFitsAcceptLatencyAndSlotsFromTheDrain) {
  MeasuredRun run;
  run.traffic_time = Duration::seconds(10);
  run.requests = run.successes = 480;
  run.latency_mean = Duration::microseconds(2000);
  run.latency_p99 = Duration::microseconds(2400);
  run.signals.service_time = observed(300, 497, true, 200);
  // 300 orders left at the end of the traffic, empty 18 s later: 16.67/s.
  run.signals.backlog = {{Duration::seconds(9), 290, std::nullopt},
                         {Duration::seconds(10), 300, std::nullopt},
                         {Duration::seconds(19), 150, std::nullopt},
                         {Duration::seconds(28), 0, std::nullopt},
                         {Duration::seconds(29), 0, std::nullopt}};
  auto rate = measured_drain_rate(run.signals, run.traffic_time);
  ASSERT_TRUE(rate);
  EXPECT_NEAR(rate->per_second, 300.0 / 18, 1e-9);
  EXPECT_FALSE(rate->counts_calls);
  EXPECT_EQ(measured_drain_time(run.signals, run.traffic_time), Duration::seconds(18));
  auto fit = fit_scenario(scenario("async", 9), run);
  ASSERT_TRUE(fit.ok());
  const Architecture& a = fit->scenario.architecture;
  EXPECT_EQ(a.dependency->slots, 5);                                  // 16.67/s x 0.3 s
  EXPECT_EQ(a.accept_latency.kind(), Distribution::Kind::kConstant);  // p99 only 1.2x the mean
  EXPECT_EQ(a.accept_latency.mean(), Duration::microseconds(2000));
}

// Redelivered orders charged again (refused as duplicates) take slots as
// first charges do: 150 orders drained in 18 s with 300 calls is 5 slots of
// 300 ms busy, not 2.5.
TEST(CalibrateFit, SlotsFromTheDrainCountRepeatedCalls) {
  MeasuredRun run;
  run.traffic_time = Duration::seconds(10);
  run.requests = run.successes = 480;
  run.latency_mean = Duration::microseconds(2000);
  run.latency_p99 = Duration::microseconds(2400);
  run.signals.service_time = observed(300, 497, true, 600);
  run.signals.backlog = {{Duration::seconds(10), 150, 200.0},
                         {Duration::seconds(19), 75, 350.0},
                         {Duration::seconds(28), 0, 500.0}};
  auto rate = measured_drain_rate(run.signals, run.traffic_time);
  ASSERT_TRUE(rate);
  EXPECT_TRUE(rate->counts_calls);
  EXPECT_NEAR(rate->per_second, 300.0 / 18, 1e-9);
  auto fit = fit_scenario(scenario("async", 9), run);
  ASSERT_TRUE(fit.ok());
  EXPECT_EQ(fit->scenario.architecture.dependency->slots, 5);
}

TEST(CalibrateFit, RefusesRunsThatSayNothing) {
  MeasuredRun failed;
  failed.requests = failed.failures = 40;
  auto none = fit_scenario(scenario("sync", 5), failed);
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.error().message().find("none of 40 requests"), std::string::npos);
  MeasuredRun short_run;
  short_run.requests = short_run.successes = kMinCompletions - 1;
  auto too_short = fit_scenario(scenario("sync", 5), short_run);
  ASSERT_FALSE(too_short.ok());
  EXPECT_NE(too_short.error().message().find("fewer than the 20"), std::string::npos)
      << too_short.error().message();
}

}  // namespace
}  // namespace stackplan::calibrate
