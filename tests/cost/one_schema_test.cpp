// One scenario file, read by every command: each reads its own sections,
// leaves the others' alone, and rejects whatever no command reads, at every
// level, with its place and a suggestion for a near miss.
#include <gtest/gtest.h>

#include "core/scenario_sections.h"
#include "cost/cost_scenario.h"
#include "scenario/scenario.h"
#include "support/files.h"
#include "support/process.h"

namespace stackplan {
namespace {

// Valid for the simulator; the cost sections are added by each test.
const std::string kSimulated = R"(name: both
traffic: {users: 2, spawn_rate: 2/s, duration: 10s}
architecture: {kind: sync, dependency: {slots: 1, service_time: 100ms}}
)";

std::string simulate_error(const std::string& yaml) {
  auto s = parse_scenario_text(yaml, "s.yaml", ".");
  return s.ok() ? "" : s.error().message();
}

std::string cost_error(const std::string& yaml) {
  auto s = cost::parse_cost_scenario(yaml, "s.yaml");
  return s.ok() ? "" : s.error().message();
}

TEST(OneSchema, EverySectionInTheTableIsKnownToEveryCommand) {
  std::string yaml = kSimulated + "deploy: {services: [{name: api, vcpu: 1, memory: 1GB}]}\n";
  for (const auto& section : kScenarioSections) {
    const std::string name(section.name);
    if (section.reader == SectionReader::kPlanner) yaml += name + ": {}\n";
  }
  EXPECT_EQ(simulate_error(yaml), "");
  EXPECT_EQ(cost_error(yaml), "");
}

TEST(OneSchema, ATopLevelTypoFailsBothCommandsWithASuggestion) {
  const std::string yaml = kSimulated + "usgae: {orders_per_month: 1000}\n";
  const std::string expected = "s.yaml:4:1: usgae: unknown field (did you mean `usage`?)";
  EXPECT_EQ(simulate_error(yaml), expected);
  EXPECT_EQ(cost_error(yaml), expected);
  EXPECT_EQ(cost_error(kSimulated + "deplyo: {}\n"),
            "s.yaml:4:1: deplyo: unknown field (did you mean `deploy`?)");
  EXPECT_EQ(simulate_error(kSimulated + "targest: {}\n"),
            "s.yaml:4:1: targest: unknown field (did you mean `targets`?)");
}

TEST(OneSchema, ANearMissOfEverySectionInTheTableIsSuggestedByEveryCommand) {
  // Alone in its file: a field already present is not suggested again.
  for (const auto& section : kScenarioSections) {
    const std::string name(section.name);
    const std::string expected =
        "s.yaml:1:1: " + name + "s: unknown field (did you mean `" + name + "`?)";
    EXPECT_NE(simulate_error(name + "s: {}\n").find(expected), std::string::npos) << name;
    EXPECT_NE(cost_error(name + "s: {}\n").find(expected), std::string::npos) << name;
  }
}

TEST(OneSchema, AFarOffKeyIsUnknownWithoutAGuess) {
  EXPECT_EQ(simulate_error(kSimulated + "colour: blue\n"), "s.yaml:4:1: colour: unknown field");
}

TEST(OneSchema, NestedTyposAreSuggestedAtTheirLevel) {
  // The reader used to add every absent section it looked up (retry, api,
  // queue...) to the document, so none of them could be suggested.
  EXPECT_EQ(simulate_error(R"(name: t
traffic: {users: 2, duration: 10s}
architecture:
  kind: sync
  dependency: {slots: 1}
  retyr: {max_attempts: 2}
)"),
            "s.yaml:6:3: architecture.retyr: unknown field (did you mean `retry`?)");
  EXPECT_EQ(cost_error("deploy: {services: [{name: a, vcpu: 1, memroy: 1GB}]}\n"),
            "s.yaml:1:21: deploy.services[0].memory: missing memory size, like 512MB or 2GB\n"
            "s.yaml:1:40: deploy.services[0].memroy: unknown field (did you mean `memory`?)");
}

TEST(OneSchema, AMisspeltTrafficShapeIsNamedAloneAndSuggested) {
  EXPECT_EQ(simulate_error(R"(name: t
traffic: {usres: 2, duration: 10s}
architecture: {kind: sync, dependency: {slots: 1}}
)"),
            "s.yaml:2:10: traffic: needs exactly one traffic shape: users (closed), rate, steps, "
            "spike, daily or orders_per_month (open)\n"
            "s.yaml:2:11: traffic.usres: unknown field (did you mean `users`?)");
}

TEST(OneSchema, AMistakeInTheSharedUsageIsReportedOnceNotOncePerStage) {
  EXPECT_EQ(cost_error(R"(deploy: {services: [{name: api, vcpu: 1, memory: 1GB}]}
usage: {orders_per_month: 10, egres: 1GB}
stages:
  - {name: one, users: 10}
  - {name: two, users: 20}
)"),
            "s.yaml:2:31: usage.egres: unknown field (did you mean `egress`?)");
}

TEST(OneSchema, AnEmptyCostSectionIsTheSameAsNone) {
  EXPECT_EQ(cost_error(kSimulated + "deploy: {services: [{name: a, vcpu: 1, memory: 1GB}]}\n"
                                    "tco:\nbreak_even:\n"),
            "");
}

TEST(OneSchema, AFixedMonthlyCostRefusesTheFieldsItWouldIgnore) {
  const std::string e = cost_error(R"(break_even:
  volumes:
    - name: v
      a: {name: a, monthly: 20, deploy: {servces: []}}
      b: {name: b, monthly: 30}
)");
  EXPECT_EQ(e,
            "s.yaml:4:41: break_even.volumes[0].a.deploy: a fixed monthly cost takes no deploy "
            "(give monthly, or platform with deploy and usage)");
}

// Through the binary, as a user runs it: the same file, the same refusal.
TEST(OneSchemaCli, SimulateAndCostBothRefuseATopLevelTypo) {
  const test::TempDir dir;
  const std::string path = dir.write("typo.yaml", kSimulated +
                                                      "deploy: {services: [{name: api, vcpu: 1, "
                                                      "memory: 1GB}]}\n"
                                                      "usgae: {orders_per_month: 1000}\n");
  const std::string expected = path + ":5:1: usgae: unknown field (did you mean `usage`?)";
  for (const char* command : {"simulate", "cost"}) {
    // Only the error stream is read: stdout goes nowhere.
    const auto run =
        test::run_command(test::stackplan_binary() + " " + command + " " + path + " > /dev/null");
    EXPECT_NE(run.exit_status, 0) << command;
    EXPECT_NE(run.output.find(expected), std::string::npos) << command << ": " << run.output;
  }
}
}  // namespace
}  // namespace stackplan
