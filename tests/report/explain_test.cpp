// `stackplan explain`'s words and JSON, and the starter templates: each
// parses, simulates and is explained.
#include "report/explain.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "sim/simulator.h"
#include "support/files.h"
#include "support/must.h"
#include "support/source_location.h"

namespace stackplan::report {
namespace {

// A scenario written inline; a parse error stops the test at the caller.
Scenario parse(const std::string& text,
               test::SourceLocation where = test::SourceLocation::current()) {
  return test::must(parse_scenario_text(text, "t"), where);
}

const char* kOneWorker = R"(
name: one-worker
traffic: { rate: 48/s, duration: 10min }
architecture:
  kind: async
  queue: { receive_latency: 0s }
  workers: { processes: 1, concurrency: 10 }
  dependency: { slots: 5, service_time: 3s }
)";

TEST(Explain, TextCarriesEveryFigureWithItsUnit) {
  Scenario s = parse(kOneWorker);
  std::string text = explain_text(s, sim::estimate_capacity(s), "stackplan simulate x.yaml");
  for (const char* expected : {
           "peak 48 orders/s, mean 48 orders/s over 10m 00s",
           "28,800 orders offered in the run",
           "payment (the bottleneck): 1.67 orders/s, 2,880% utilised\n"
           "    (5 slots / 3.00s service time x 1 process)",
           "workers: 3.33 orders/s",
           "The backlog grows by 46.3 orders/s at the peak.",
           "It peaks at 27,800 orders waiting, 10m 00s into the run",
           "It drains in 4h 38m after that (4h 38m after traffic stops).",
           "stackplan simulate x.yaml",
       })
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
}

TEST(Explain, SaysCannotEstimateInsteadOfANumber) {
  Scenario s = parse(R"(
traffic: { rate: 48/s, duration: 10min }
architecture:
  kind: async
  workers: { processes: 1, concurrency: 100 }
  dependency: { slots: 5, service_time: 3s }
)");
  std::string text = explain_text(s, sim::estimate_capacity(s), "x");
  EXPECT_NE(text.find("Cannot estimate the backlog or drain time"), std::string::npos) << text;
  EXPECT_EQ(text.find("It peaks at"), std::string::npos) << text;
  auto j = nlohmann::json::parse(explain_json(s, sim::estimate_capacity(s)));
  EXPECT_TRUE(j["peak_backlog"].is_null());
  EXPECT_EQ(j["cannot_estimate"].size(), 1u);
}

TEST(Explain, JsonHoldsTheFigures) {
  Scenario s = parse(kOneWorker);
  auto j = nlohmann::json::parse(explain_json(s, sim::estimate_capacity(s)));
  EXPECT_EQ(j["bottleneck"], "payment");
  EXPECT_NEAR(j["ceiling_per_second"].get<double>(), 5.0 / 3, 1e-9);
  EXPECT_NEAR(j["growth_per_second"].get<double>(), 48 - 5.0 / 3, 1e-9);
  EXPECT_EQ(j["offered"]["model"], "open");
  EXPECT_EQ(j["components"].size(), 3u);
}

TEST(Explain, BadFileIsAnErrorWithTheLocation) {
  test::TempDir dir;
  std::string path = dir.path() + "/bad.yaml";
  test::write_file(path, "traffic: { rate: 48/s }\narchitecture: { kind: queue }\n");
  auto out = run_explain_command({path, false, {}});
  ASSERT_FALSE(out);
  EXPECT_NE(out.error().message().find("bad.yaml:2:"), std::string::npos) << out.error().message();
}

TEST(StarterTemplates, EachParsesSimulatesAndIsExplained) {
  for (std::string name : {"flash-sale", "saas", "scan"}) {
    SCOPED_TRACE(name);
    std::string path = test::source_path("templates/" + name + ".yaml");
    auto s = parse_scenario_file(path);
    ASSERT_TRUE(s) << s.error().message();
    auto run = sim::simulate(*s, sim::SimOptions{});
    ASSERT_TRUE(run) << run.error().message();
    EXPECT_GT(run->orders.completed, 0u);
    EXPECT_TRUE(run->queue.drained);
    auto text = run_explain_command({path, false, {}});
    ASSERT_TRUE(text);
    EXPECT_NE(text->find("(the bottleneck): "), std::string::npos) << *text;
    // A starter keeps up with its own traffic: the queue does not grow.
    EXPECT_NE(text->find("The queue does not grow"), std::string::npos) << *text;
  }
}

}  // namespace
}  // namespace stackplan::report
