// The library behind `stackplan simulate`, called without the command line:
// what it renders, what it refuses, and the target verdict the exit status
// is built from.
#include "report/simulate_command.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "support/files.h"
#include "support/must.h"

namespace stackplan::report {
namespace {

using test::must;

constexpr const char* kTinySync = R"(name: tiny-sync
traffic: { users: 2, spawn_rate: 2/s, wait: 100ms, duration: 5s }
architecture: { kind: sync, dependency: { name: payment, slots: 1, service_time: 200ms } }
)";

TEST(SimulateCommand, BuiltInScenarioRunsWithoutAFile) {
  auto out = must(run_simulate_command({}));
  EXPECT_NE(out.text.find("flash-sale-async"), std::string::npos);
  EXPECT_TRUE(out.json.empty()) << "JSON only when asked for";
  EXPECT_TRUE(out.timeseries.empty());
}

TEST(SimulateCommand, JsonAndTimeseriesWhenAsked) {
  test::TempDir dir;
  SimulateRequest r;
  r.scenario_path = dir.write("tiny.yaml", kTinySync);
  r.want_json = true;
  r.want_timeseries = true;
  auto out = must(run_simulate_command(r));
  auto doc = nlohmann::json::parse(out.json);
  EXPECT_EQ(doc["scenario"], "tiny-sync");
  EXPECT_GT(doc["requests"].get<int64_t>(), 0) << out.json;
  // A header and one row per simulated second at least.
  EXPECT_GE(std::count(out.timeseries.begin(), out.timeseries.end(), '\n'), 6) << out.timeseries;
}

TEST(SimulateCommand, SameSeedSameOutputOtherSeedOtherOutput) {
  test::TempDir dir;
  SimulateRequest r;
  r.scenario_path = dir.write("tiny.yaml", std::string(kTinySync) + "simulation: { seed: 7 }\n");
  r.want_json = true;
  auto first = must(run_simulate_command(r));
  auto again = must(run_simulate_command(r));
  EXPECT_EQ(first.json, again.json);
  r.seed = 8;  // the flag wins over simulation.seed
  auto other = must(run_simulate_command(r));
  EXPECT_NE(first.json, other.json);
}

TEST(SimulateCommand, MissedTargetIsAVerdictNotAnError) {
  test::TempDir dir;
  SimulateRequest r;
  r.scenario_path =
      dir.write("tiny.yaml", std::string(kTinySync) + "targets: { accept_p95: 10ms }\n");
  auto out = must(run_simulate_command(r));
  EXPECT_FALSE(out.targets_met);
  r.scenario_path =
      dir.write("easy.yaml", std::string(kTinySync) + "targets: { accept_p95: 10s }\n");
  EXPECT_TRUE(must(run_simulate_command(r)).targets_met);
}

TEST(SimulateCommand, ReplicationsJudgeTargetsOnTheirMeans) {
  test::TempDir dir;
  SimulateRequest r;
  r.scenario_path =
      dir.write("tiny.yaml", std::string(kTinySync) + "targets: { accept_p95: 10ms }\n");
  r.replications = 3;
  r.threads = 1;
  r.want_json = true;
  auto out = must(run_simulate_command(r));
  EXPECT_FALSE(out.targets_met);
  EXPECT_NE(out.text.find("95%"), std::string::npos) << out.text;
  EXPECT_FALSE(out.json.empty());
}

TEST(SimulateCommand, TimeseriesWithReplicationsIsRefusedNotDropped) {
  SimulateRequest r;
  r.replications = 2;
  r.want_timeseries = true;
  auto out = run_simulate_command(r);
  ASSERT_FALSE(out.ok());
  EXPECT_NE(test::error_of(out).find("--timeseries needs a single run"), std::string::npos)
      << test::error_of(out);
}

TEST(SimulateCommand, UnreadableScenarioNamesTheFile) {
  SimulateRequest r;
  r.scenario_path = "/nonexistent/scenario.yaml";
  auto out = run_simulate_command(r);
  ASSERT_FALSE(out.ok());
  EXPECT_NE(test::error_of(out).find("/nonexistent/scenario.yaml"), std::string::npos);
}

}  // namespace
}  // namespace stackplan::report
