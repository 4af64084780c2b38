// Numbers the engine cannot represent, or could not finish with, are refused
// at parse time with the bound in the message: never a wrapped clock, a
// negative time or a run that eats all memory.
#include <gtest/gtest.h>

#include "scenario/scenario.h"

namespace stackplan {
namespace {

const char* kAsyncArchitecture =
    "architecture: { kind: async, dependency: { slots: 5, service_time: 3s } }\n";

std::string error_of(const std::string& traffic, const std::string& rest = kAsyncArchitecture) {
  auto r = parse_scenario_text("traffic: " + traffic + "\n" + rest, "s.yaml");
  return r.ok() ? "" : r.error().message();
}

TEST(ScenarioBounds, RatesTooSlowForTheClockAreRefusedWithTheBound) {
  EXPECT_EQ(error_of("{ rate: 1e-15/s, duration: 60s }"),
            "s.yaml:1:18: traffic.rate: must be 0 or from 1e-06/s to 1e+06/s, got \"1e-15/s\"");
  EXPECT_NE(error_of("{ rate: 1e-300/s, duration: 60s }"), "");
}

TEST(ScenarioBounds, RatesTooFastToFinishAreRefusedWithTheBound) {
  EXPECT_EQ(error_of("{ rate: 1e12/s, duration: 60s }"),
            "s.yaml:1:18: traffic.rate: must be 0 or from 1e-06/s to 1e+06/s, got \"1e12/s\"");
  EXPECT_NE(error_of("{ spike: { baseline: 1/s, rate: 1e9/s, at: 1s, for: 1s }, duration: 5s }"),
            "");
  EXPECT_NE(error_of("{ users: 10, spawn_rate: 1e9/s }"), "");
}

TEST(ScenarioBounds, ZeroAndTheBoundsThemselvesAreAccepted) {
  EXPECT_EQ(error_of("{ steps: [ { rate: 0/s, for: 10s }, { rate: 1e-6/s, for: 10s } ] }"), "");
  EXPECT_EQ(error_of("{ rate: 1e6/s, duration: 10s }"), "");
}

TEST(ScenarioBounds, TooManyOrdersForOneRunAreRefused) {
  EXPECT_EQ(error_of("{ rate: 1e6/s, duration: 10000s }"),
            "s.yaml:1:10: traffic: about 1e+10 orders in one run, more than the 1e+09 one run "
            "can simulate: shorten the run or lower the rate");
  EXPECT_NE(error_of("{ orders_per_month: 10000000000 }"), "");
  EXPECT_EQ(error_of("{ orders_per_month: 1000000000 }"), "");
}

TEST(ScenarioBounds, DurationsBeyondTheLongestRunAreRefused) {
  EXPECT_EQ(error_of("{ rate: 1/s, duration: 400d }"),
            "s.yaml:1:33: traffic.duration: must be at most 366d (the longest run the "
            "simulator covers), got \"400d\"");
  EXPECT_EQ(error_of("{ rate: 1/s, duration: 1s }",
                     "architecture: { kind: async, dependency: { slots: 5, service_time: "
                     "exponential(1000d) } }\n"),
            "s.yaml:2:68: architecture.dependency.service_time: must be at most 366d (the "
            "longest run the simulator covers), got \"exponential(1000d)\"");
  EXPECT_EQ(error_of("{ rate: 1/s, duration: 1s }",
                     std::string(kAsyncArchitecture) + "simulation: { drain_limit: 1e300s }\n"),
            "s.yaml:3:28: simulation.drain_limit: duration \"1e300s\" is longer than the limit "
            "of 36500d");
}

TEST(ScenarioBounds, StepsThatAddUpBeyondTheLongestRunAreRefused) {
  std::string steps = "{ steps: [";
  for (int i = 0; i < 40; ++i) steps += "{ rate: 0/s, for: 300d }, ";
  steps += "] }";
  auto e = error_of(steps);
  EXPECT_NE(e.find("the steps must end within 366d"), std::string::npos) << e;
}

TEST(ScenarioBounds, FlashSalesLongerThanTheMonthAreRefusedBeforeMultiplying) {
  // 1000 sales of 300 days each would overflow int64 nanoseconds if multiplied.
  auto e = error_of(
      "{ orders_per_month: 1000, flash_sales: { per_month: 1000, rate: 1/s, "
      "for: 300d } }");
  EXPECT_NE(e.find("the flash sales together must be shorter than the month"), std::string::npos)
      << e;
}

TEST(ScenarioBounds, WholeNumbersBeyondInt64AreRefusedNotClamped) {
  EXPECT_EQ(error_of("{ orders_per_month: 99999999999999999999 }"),
            "s.yaml:1:30: traffic.orders_per_month: expected a whole number from 0 to "
            "9223372036854775807, got 99999999999999999999");
}

TEST(ScenarioBounds, RunEndLagMustBeShorterThanTheRun) {
  EXPECT_NE(error_of("{ users: 1, duration: 1s, run_end_lag: 2s }"), "");
  EXPECT_NE(error_of("{ rate: 1/s, duration: 1s, run_end_lag: 1s }"), "");
}

TEST(ScenarioShapes, ServerlessSlotsPerProcessAreRefused) {
  const std::string traffic = "{ rate: 1/s, duration: 10s }";
  EXPECT_EQ(error_of(traffic,
                     "architecture: { kind: serverless, dependency: { slots: 5, scope: "
                     "per_process } }\n"),
            "s.yaml:2:66: architecture.dependency.scope: kind: serverless has no processes to "
            "hold slots: its dependency slots are always global (write scope: global or leave "
            "it out)");
  auto s = parse_scenario_text(
      "traffic: " + traffic + "\narchitecture: { kind: serverless, dependency: { slots: 5 } }\n",
      "s.yaml");
  ASSERT_TRUE(s.ok()) << s.error().message();
  EXPECT_EQ(s->architecture.dependency->scope, Dependency::Scope::kGlobal);
}

TEST(ScenarioBounds, NotANumberIsNotAFraction) {
  EXPECT_EQ(
      error_of("{ rate: 1/s, duration: 1s }",
               "architecture: { kind: async, dependency: { slots: 1, failure_rate: nan } }\n"),
      "s.yaml:2:68: architecture.dependency.failure_rate: expected a fraction from 0 to 1 "
      "or a percentage like 5%, got \"nan\"");
}

}  // namespace
}  // namespace stackplan
