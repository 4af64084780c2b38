// Usage from a simulation result, scaled to a month.
#include "cost/usage.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "test_support.h"

namespace stackplan::cost {
namespace {

const char* kSim = R"({"scenario": "flash", "seed": 1, "simulated_seconds": 1800.0,
  "traffic_seconds": 60.0, "requests": 1000, "failures": 0, "rps": 16.6,
  "orders": {"accepted": 1000, "completed": 1000},
  "resources": {"task_seconds": {"api": 120.0, "worker": 1800.0},
                "function_invocations": 1000, "function_gb_seconds": 1500.0,
                "cold_starts": 10, "throttles": 0, "queue_requests": 3000, "messages": 1000}})";

TEST(CostSimUsage, ScalesByOrdersWhenTheMonthsOrdersAreStated) {
  auto sim = parse_sim_result(kSim, "sim.json");
  ASSERT_TRUE(sim.ok()) << sim.error().message();
  Usage stated;
  stated.orders = Quantity::units(1'000'000);  // x1000
  auto u = usage_from_sim(*sim, stated, Quantity::units(730));
  ASSERT_TRUE(u.ok()) << u.error().message();
  EXPECT_EQ(*u->function_invocations, Quantity::units(1'000'000));
  EXPECT_EQ(*u->function_gb_seconds, Quantity::units(1'500'000));
  EXPECT_EQ(*u->queue_requests, Quantity::units(3'000'000));
  EXPECT_EQ(u->service_hours.at("worker"), Quantity::units(500));  // 1800 s x 1000 / 3600
  EXPECT_NE(u->derivation.find("scaled by orders"), std::string::npos);
}

TEST(CostSimUsage, ScalesByTimeOtherwise) {
  auto sim = parse_sim_result(kSim, "sim.json");
  ASSERT_TRUE(sim.ok());
  auto u = usage_from_sim(*sim, Usage(), Quantity::units(730));
  ASSERT_TRUE(u.ok());
  // 730 h = 2,628,000 s; / 60 s of traffic = x43,800.
  EXPECT_EQ(*u->orders, Quantity::units(43'800'000));
  EXPECT_EQ(u->service_hours.at("api"), Quantity::units(1460));
  EXPECT_NE(u->derivation.find("scaled by time"), std::string::npos);
}

TEST(CostSimUsage, SimulatedFunctionUsageIsBilledAsIs) {
  auto sim = parse_sim_result(kSim, "sim.json");
  Usage stated;
  stated.orders = Quantity::units(1'000'000);
  auto u = usage_from_sim(*sim, stated, Quantity::units(730));
  CostScenario s = testing::scenario("deploy: {function: {memory: 512MB, duration: 3s}}");
  auto b = build_bill(testing::repo_catalog(), s.deploy, *u, "aws");
  ASSERT_TRUE(b.ok()) << b.error().message();
  EXPECT_EQ(b->total().format(), "$18.33");  // the same month as the flash-sale case's 1M row
}

TEST(CostSimUsage, ServicesRunTheirDeployedCountAtLeast) {
  auto sim = parse_sim_result(kSim, "sim.json");
  Usage stated;
  stated.orders = Quantity::units(1'000'000);  // worker: 500 instance-hours
  auto u = usage_from_sim(*sim, stated, Quantity::units(730));
  auto hours_billed = [&](int count) {
    CostScenario s = testing::scenario(fmt::format(
        "deploy: {{services: [{{name: worker, vcpu: 1, memory: 1GB, count: {}}}]}}", count));
    auto b = build_bill(testing::repo_catalog(), s.deploy, *u, "aws");
    EXPECT_TRUE(b.ok());
    return b.ok() ? b->lines.at(0).billed : Quantity();
  };
  EXPECT_EQ(hours_billed(0), Quantity::units(500));   // scale to zero: the simulation's hours
  EXPECT_EQ(hours_billed(2), Quantity::units(1460));  // always-on minimum covers them
}

TEST(CostSimUsage, BadResultsAreClearErrors) {
  EXPECT_FALSE(parse_sim_result("not json", "sim.json").ok());
  auto no_traffic = parse_sim_result(R"({"resources": {}})", "sim.json");
  ASSERT_FALSE(no_traffic.ok());
  EXPECT_NE(no_traffic.error().message().find("missing traffic_seconds"), std::string::npos);
  auto negative = parse_sim_result(
      R"({"traffic_seconds": 60, "resources": {"task_seconds": {"api": -1}}})", "sim.json");
  ASSERT_FALSE(negative.ok());
  EXPECT_NE(negative.error().message().find("task_seconds.api"), std::string::npos);
  auto none = parse_sim_result(R"({"traffic_seconds": 60, "orders": {"accepted": 0},
                                   "resources": {}})",
                               "sim.json");
  ASSERT_TRUE(none.ok());
  Usage stated;
  stated.orders = Quantity::units(10);
  EXPECT_FALSE(usage_from_sim(*none, stated, Quantity::units(730)).ok());
  EXPECT_FALSE(read_sim_result("/nonexistent.json").ok());
}

}  // namespace
}  // namespace stackplan::cost
