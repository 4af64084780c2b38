// `--set PATH=VALUE` on a scenario: applied before the reader's checks, so an
// overridden field is judged as one written in the file.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "scenario/scenario.h"

namespace stackplan {
namespace {

const std::string kScenario = R"(name: shop
traffic:
  users: 20
  spawn_rate: 10/s
  wait: uniform(100ms, 500ms)
  duration: 60s
architecture:
  kind: async
  queue: { visibility_timeout: 30s }
  workers: { processes: 1, concurrency: 5 }
  dependency: { name: payment, slots: 5, service_time: 3s }
)";

Result<Scenario> parse_with(const std::vector<std::string>& sets) {
  return parse_scenario_text(kScenario, "shop.yaml", ".", sets);
}

std::string error_of(const std::vector<std::string>& sets) {
  auto s = parse_with(sets);
  return s.ok() ? std::string("(no error)") : s.error().message();
}

TEST(ScenarioOverride, SetsAFieldByItsWholePathOrBelowItsSection) {
  auto whole = parse_with({"architecture.workers.processes=7"});
  ASSERT_TRUE(whole.ok()) << whole.error().message();
  EXPECT_EQ(whole->architecture.worker_processes, 7);
  auto below = parse_with({"workers.processes=7", "traffic.users=40"});
  ASSERT_TRUE(below.ok()) << below.error().message();
  EXPECT_EQ(below->architecture.worker_processes, 7);
  EXPECT_EQ(below->traffic.closed.users, 40);
  // The rest of the file is untouched.
  EXPECT_EQ(below->architecture.worker_concurrency, 5);
  EXPECT_EQ(below->architecture.queue.visibility_timeout, Duration::seconds(30));
}

TEST(ScenarioOverride, AddsAFieldTheFileLeftAtItsDefaultAndLaterSetsWin) {
  auto s = parse_with({"architecture.queue.delivery=fifo", "architecture.dependency.slots=8",
                       "architecture.dependency.slots=9"});
  ASSERT_TRUE(s.ok()) << s.error().message();
  EXPECT_EQ(s->architecture.queue.delivery, QueueConfig::Delivery::kFifo);
  EXPECT_EQ(s->architecture.dependency->slots, 9);
}

TEST(ScenarioOverride, TakesAYamlValue) {
  auto s = parse_with({"architecture.workers={processes: 3, concurrency: 10}"});
  ASSERT_TRUE(s.ok()) << s.error().message();
  EXPECT_EQ(s->architecture.worker_processes, 3);
  EXPECT_EQ(s->architecture.worker_concurrency, 10);
}

TEST(ScenarioOverride, AnOverriddenValueIsCheckedAsTheFilesAre) {
  // A misspelt field gets the reader's did-you-mean; a bad value its error,
  // reported as the override's rather than at a line of the file.
  EXPECT_NE(error_of({"architecture.queue.delivry=fifo"}).find("did you mean `delivery`"),
            std::string::npos)
      << error_of({"architecture.queue.delivry=fifo"});
  const std::string bad = error_of({"workers.processes=many"});
  // No line of the file: the value came from the command line.
  EXPECT_NE(bad.find("shop.yaml: architecture.workers.processes: "), std::string::npos) << bad;
}

TEST(ScenarioOverride, RefusesWhatIsNotAnAssignment) {
  struct Case {
    std::string set, expected;
  };
  const Case cases[] = {
      {"workers.processes", "expected PATH=VALUE"},
      {"=7", "expected PATH=VALUE"},
      {"workers.processes=", "no value after '='"},
      {"workers..processes=7", "an empty name in the path"},
      {"processes=7", "`processes` is not a top-level section nor a field of one"},
      {"traffic.users.count=7", "`traffic.users` is a value, not a mapping of fields"},
      {"workers.processes=[1, 2", "the value is not YAML"},
      {"traffic.x=&a [*a]", "an alias to itself"},
  };
  for (const Case& c : cases) {
    const std::string message = error_of({c.set});
    EXPECT_NE(message.find("--set " + c.set + ": "), std::string::npos) << message;
    EXPECT_NE(message.find(c.expected), std::string::npos) << c.set << ": " << message;
  }
}

}  // namespace
}  // namespace stackplan
