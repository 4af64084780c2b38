#include <gtest/gtest.h>

#include <filesystem>

#include "scenario/scenario.h"
#include "support/files.h"
#include "support/must.h"
#include "support/source_location.h"

namespace stackplan {
namespace {

// The parser's message for a scenario that must not parse; fails the test at
// the caller's line when it parses.
std::string error_of(const std::string& yaml, ::stackplan::test::SourceLocation where =
                                                  ::stackplan::test::SourceLocation::current()) {
  return test::error_of(parse_scenario_text(yaml, "s.yaml"), where);
}

const char* kAsync = R"(name: t
traffic:
  users: 20
  spawn_rate: 10/s
  wait: uniform(100ms, 500ms)
  duration: 60s
architecture:
  kind: async
  api: { accept_latency: 110ms }
  workers: { processes: 2, concurrency: 10 }
  dependency: { slots: 5, scope: global, service_time: 3s }
)";

TEST(ScenarioParser, ReadsTheDesignExample) {
  auto s = parse_scenario_text(kAsync, "s.yaml");
  ASSERT_TRUE(s.ok()) << s.error().message();
  EXPECT_EQ(s->traffic.model, Traffic::Model::kClosed);
  EXPECT_EQ(s->traffic.closed.users, 20);
  EXPECT_DOUBLE_EQ(s->traffic.closed.spawn_rate, 10);
  EXPECT_EQ(s->traffic.duration, Duration::seconds(60));
  EXPECT_EQ(s->architecture.kind, Architecture::Kind::kAsync);
  EXPECT_EQ(s->architecture.worker_processes, 2);
  EXPECT_EQ(s->architecture.dependency->scope, Dependency::Scope::kGlobal);
  EXPECT_EQ(s->architecture.accept_latency.mean(), Duration::milliseconds(110));
  EXPECT_EQ(s->traffic.request_name, "POST /orders/async");
}

TEST(ScenarioParser, ErrorNamesFileLineColumnAndField) {
  std::string yaml = kAsync;
  yaml.replace(yaml.find("uniform(100ms, 500ms)"), 21, "fast");
  std::string e = error_of(yaml);
  EXPECT_NE(e.find("s.yaml:5:9: traffic.wait: expected a duration distribution like"),
            std::string::npos)
      << e;
  EXPECT_NE(e.find("got \"fast\""), std::string::npos) << e;
}

TEST(ScenarioParser, UnknownFieldsAreErrors) {
  std::string yaml = kAsync;
  yaml.replace(yaml.find("concurrency"), 11, "concurency");
  std::string e = error_of(yaml);
  EXPECT_NE(e.find("s.yaml:10:28: architecture.workers.concurency: unknown field"),
            std::string::npos)
      << e;
}

TEST(ScenarioParser, ReportsEveryErrorAtOnce) {
  std::string yaml = kAsync;
  yaml.replace(yaml.find("60s"), 3, "60");
  yaml.replace(yaml.find("slots: 5"), 8, "slots: -1");
  std::string e = error_of(yaml);
  EXPECT_NE(e.find("traffic.duration"), std::string::npos) << e;
  EXPECT_NE(e.find("architecture.dependency.slots"), std::string::npos) << e;
}

TEST(ScenarioParser, SyntaxErrorsHavePositions) {
  std::string e = error_of("traffic: {users: 3\narchitecture: [");
  EXPECT_NE(e.find("s.yaml:"), std::string::npos);
  EXPECT_NE(e.find("YAML syntax error"), std::string::npos) << e;
}

TEST(ScenarioParser, NeedsExactlyOneTrafficShape) {
  EXPECT_NE(error_of("traffic: { users: 3, rate: 5/s }\narchitecture: { kind: sync, "
                     "dependency: { slots: 1 } }")
                .find("exactly one traffic shape"),
            std::string::npos);
}

TEST(ScenarioParser, OpenShapesBecomeRateSegments) {
  auto spike = parse_scenario_text(R"(traffic:
  spike: { baseline: 5/s, rate: 60/s, at: 10min, for: 60s }
  duration: 30min
architecture: { kind: sync, dependency: { slots: 1 } })",
                                   "s.yaml");
  ASSERT_TRUE(spike.ok()) << spike.error().message();
  const auto& segs = spike->traffic.open.segments;
  ASSERT_EQ(segs.size(), 3u);
  EXPECT_EQ(segs[1].start, Duration::seconds(600));
  EXPECT_DOUBLE_EQ(segs[1].per_second, 60);

  auto monthly = parse_scenario_text(R"(traffic:
  orders_per_month: 1000000
  flash_sales: { per_month: 4, rate: 60/s, for: 1h }
architecture: { kind: sync, dependency: { slots: 1 } })",
                                     "s.yaml");
  ASSERT_TRUE(monthly.ok()) << monthly.error().message();
  double total = 0;
  for (const auto& s : monthly->traffic.open.segments)
    total += s.per_second * (s.end - s.start).seconds_f();
  EXPECT_NEAR(total, 1000000, 1);  // the month's volume is preserved
  EXPECT_EQ(monthly->traffic.duration, Duration::seconds(730 * 3600));
}

TEST(ScenarioParser, FunctionMemoryIsWrittenTheAwsWay) {
  auto s = parse_scenario_text(
      "traffic: { rate: 1/s }\narchitecture: { kind: serverless, function: { memory: 512MB } }",
      "s.yaml");
  ASSERT_TRUE(s.ok()) << s.error().message();
  EXPECT_DOUBLE_EQ(s->architecture.function.memory_gb, 0.5);
  EXPECT_NE(error_of("traffic: { rate: 1/s }\narchitecture: { kind: serverless, function: "
                     "{ memory: 64MB } }")
                .find("128MB to 10240MB"),
            std::string::npos);
}

TEST(ScenarioParser, QueueDeliveryIsStandardUnlessTheFileSaysFifo) {
  auto standard = parse_scenario_text(kAsync, "s.yaml");
  ASSERT_TRUE(standard.ok()) << standard.error().message();
  EXPECT_EQ(standard->architecture.queue.delivery, QueueConfig::Delivery::kStandard);

  std::string yaml = std::string(kAsync) + "  queue: { delivery: fifo }\n";
  auto fifo = parse_scenario_text(yaml, "s.yaml");
  ASSERT_TRUE(fifo.ok()) << fifo.error().message();
  EXPECT_EQ(fifo->architecture.queue.delivery, QueueConfig::Delivery::kFifo);

  // A wrong value is reported where it stands, with the values accepted.
  std::string e = error_of(std::string(kAsync) + "  queue: { delivery: fifi }\n");
  EXPECT_NE(e.find("s.yaml:12:22: architecture.queue.delivery: expected one of standard | fifo, "
                   "got \"fifi\""),
            std::string::npos)
      << e;
}

TEST(ScenarioParser, EveryExampleParses) {
  int n = 0;
  for (const auto& entry : std::filesystem::directory_iterator(test::source_path("examples"))) {
    if (entry.path().extension() != ".yaml") continue;
    auto s = parse_scenario_file(entry.path().string());
    EXPECT_TRUE(s.ok()) << entry.path() << ": " << (s.ok() ? "" : s.error().message());
    ++n;
  }
  EXPECT_GE(n, 8);
}

}  // namespace
}  // namespace stackplan
