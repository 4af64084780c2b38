// `stackplan simulate --json` into `stackplan cost --from-sim`: every counter
// a bill uses arrives unchanged. The writer (src/report) and the reader
// (src/cost/usage.cpp) name the JSON fields separately, so a field renamed on
// one side only leaves the reader with zero and fails here.
#include <gtest/gtest.h>

#include "cost/usage.h"
#include "report/sim_report.h"
#include "scenario/scenario.h"
#include "sim/simulator.h"
#include "test_support.h"

namespace stackplan::cost {
namespace {

sim::SimResult simulate_example(const std::string& name) {
  auto scenario = parse_scenario_file(test::source_path("examples/") + name);
  if (!scenario) ADD_FAILURE() << scenario.error().message();
  if (!scenario) return {};
  auto result = sim::simulate(*scenario, sim::SimOptions{});
  if (!result) ADD_FAILURE() << result.error().message();
  return result ? std::move(result).value() : sim::SimResult{};
}

// As `simulate --json` writes it (src/cli/simulate_cmd.cpp).
std::string as_simulate_json(const sim::SimResult& result) {
  return report::sim_json(result, {})
             .dump(2, ' ', false, nlohmann::json::error_handler_t::replace) +
         "\n";
}

void expect_round_trip(const sim::SimResult& written) {
  auto read = parse_sim_result(as_simulate_json(written), "sim.json");
  ASSERT_TRUE(read.ok()) << read.error().message();
  EXPECT_EQ(read->scenario, written.scenario);
  EXPECT_EQ(read->traffic_time, written.traffic_time);
  EXPECT_EQ(read->orders.accepted, written.orders.accepted);
  const auto &in = written.resources, &out = read->resources;
  EXPECT_EQ(out.task_seconds, in.task_seconds);
  EXPECT_EQ(out.function_invocations, in.function_invocations);
  EXPECT_EQ(out.function_gb_seconds, in.function_gb_seconds);
  EXPECT_EQ(out.queue_requests, in.queue_requests);
  EXPECT_EQ(out.messages, in.messages);

  // And the month billed from it is the month billed from the run itself.
  Usage stated;
  stated.orders = Quantity::units(1'000'000);
  for (const auto& usage_stated : {stated, Usage()}) {
    auto direct = usage_from_sim(written, usage_stated, Quantity::units(730));
    auto via_json = usage_from_sim(*read, usage_stated, Quantity::units(730));
    ASSERT_TRUE(direct.ok() && via_json.ok());
    EXPECT_EQ(via_json->derivation, direct->derivation);
    EXPECT_EQ(via_json->service_hours, direct->service_hours);
    EXPECT_EQ(via_json->function_gb_seconds, direct->function_gb_seconds);
  }
}

TEST(SimRoundTrip, TheAsyncFlashSaleArrivesUnchanged) {
  const auto result = simulate_example("flash-sale-async.yaml");
  // Non-zero, so that a field the reader no longer finds shows.
  ASSERT_GT(result.orders.accepted, 0u);
  ASSERT_GT(result.traffic_time, Duration());
  ASSERT_GT(result.resources.task_seconds.count("worker"), 0u);
  ASSERT_GT(result.resources.queue_requests, 0u);
  ASSERT_GT(result.resources.messages, 0u);
  expect_round_trip(result);
}

TEST(SimRoundTrip, TheServerlessFlashSaleArrivesUnchanged) {
  const auto result = simulate_example("serverless-flash-sale.yaml");
  ASSERT_GT(result.resources.function_invocations, 0u);
  ASSERT_GT(result.resources.function_gb_seconds, 0);
  expect_round_trip(result);
}

TEST(SimRoundTrip, ACountThatIsNotWholeIsRefused) {
  auto r = parse_sim_result(R"({"traffic_seconds": 60, "resources": {"messages": 1.5}})", "s.json");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message(), "s.json: field messages must be a whole number up to 9.0072e+15");
}

}  // namespace
}  // namespace stackplan::cost
