// `stackplan plan` as a user runs it: an answer (0), nothing feasible or a
// search stopped early (1), a bad file or a space too large (2), JSON that
// parses, and Ctrl-C printing the best answer found so far.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>
#include <string>

#include "support/files.h"
#include "support/process.h"

namespace stackplan {
namespace {

// A flash sale short enough that one simulation takes milliseconds: each
// worker process pays 5 orders at once for 1 s, so it serves 5 orders/s.
// Traffic stops when the spike ends: at a 20/s peak, 2 processes leave a
// backlog of about 150 orders (15 s to drain, over the 10 s target) and 3
// leave about 75 (5 s).
const std::string kScenario = R"(name: small-flash-sale
traffic:
  spike: {baseline: 2/s, rate: 20/s, at: 5s, for: 15s}
  duration: 20s
architecture:
  kind: async
  api: {accept_latency: 50ms}
  queue: {receive_batch: 10, visibility_timeout: 30s}
  workers: {processes: 1, concurrency: 5}
  dependency: {name: payment, slots: 5, scope: per_process, service_time: 1s}
targets:
  accept_p95: 200ms
  drain_after_peak: 10s
deploy:
  region: us-east-1
  platforms: [aws]
  services:
    - {name: api, vcpu: 0.25, memory: 512MB, count: 1}
    - {name: worker, vcpu: 0.25, memory: 512MB, count: 1}
  queue: {}
usage:
  orders_per_month: 100000
)";

const std::string kPlan = R"(plan:
  architectures: [async]
  workers: {processes: 1..12, concurrency: [5]}
  platforms: [aws]
  cases:
    - {name: low, peak: 10/s, orders_per_month: 100000}
    - {name: high, peak: 20/s, orders_per_month: 1000000}
)";

struct Run {
  int status = -1;
  std::string out, err;
};

// `stackplan plan FILE ARGS` with stdout and stderr kept apart; bounded by
// `timeout` so a hang fails the test instead of stalling it.
Run plan(const test::TempDir& dir, const std::string& file, const std::string& args = "") {
  const std::string out = dir.file("stdout"), err = dir.file("stderr");
  const auto r = test::run_command("timeout -s KILL 120 " + test::stackplan_binary() + " plan " +
                                       file + " " + args + " > " + out + " 2> " + err,
                                   false);
  return {r.exit_status, test::read_file(out), test::read_file(err)};
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(PlanCli, AnAnswerExitsWith0) {
  const test::TempDir dir;
  const auto run = plan(dir, dir.write("plan.yaml", kScenario + kPlan));
  EXPECT_EQ(run.status, 0) << run.out << run.err;
  EXPECT_TRUE(contains(run.out, "Cheapest meeting every target in every case: async")) << run.out;
  EXPECT_TRUE(contains(run.out, "Search complete.")) << run.out;
  EXPECT_TRUE(run.err.empty()) << "no progress line when stderr is not a terminal: " << run.err;
}

TEST(PlanCli, JsonParsesAndHoldsTheAnswer) {
  const test::TempDir dir;
  const auto run = plan(dir, dir.write("plan.yaml", kScenario + kPlan), "--json");
  ASSERT_EQ(run.status, 0) << run.err;
  const auto doc = nlohmann::json::parse(run.out);
  const auto& best = doc["platforms"][0]["best"];
  ASSERT_TRUE(best.is_object()) << run.out;
  EXPECT_EQ(best["feasible"], true);
  // Enough processes for the 20/s peak, and the fewest: one fewer misses.
  EXPECT_EQ(best["candidate"]["processes"], 3) << run.out;
  const auto& fewer = doc["platforms"][0]["cheaper_failing"][0];
  EXPECT_EQ(fewer["candidate"]["processes"], 2) << run.out;
  EXPECT_EQ(fewer["misses"][0]["target"], "drain_after_peak") << run.out;
  EXPECT_EQ(fewer["misses"][0]["case"], "high") << run.out;
  EXPECT_EQ(best["cases"].size(), 2u);
  EXPECT_EQ(doc["search"]["complete"], true);
  EXPECT_EQ(doc["search"]["candidates"], 12);
  // --markdown is the same answer as a document.
  const auto md = plan(dir, dir.file("plan.yaml"), "--markdown");
  EXPECT_EQ(md.status, 0);
  EXPECT_TRUE(contains(md.out, "## aws")) << md.out;
}

TEST(PlanCli, NothingFeasibleExitsWith1AndNamesTheClosest) {
  const test::TempDir dir;
  std::string plan_text = kPlan;
  plan_text.replace(plan_text.find("1..12"), 5, "1..2");
  const auto run = plan(dir, dir.write("plan.yaml", kScenario + plan_text));
  EXPECT_EQ(run.status, 1) << run.out << run.err;
  EXPECT_TRUE(contains(run.out, "Nothing meets every target")) << run.out;
  EXPECT_TRUE(contains(run.out, "drain_after_peak")) << run.out;
}

// --set changes the file for one run: the same answer as the edited file.
TEST(PlanCli, SetOverridesAFieldOfAnySectionForOneRun) {
  const test::TempDir dir;
  const std::string file = dir.write("plan.yaml", kScenario + kPlan);
  // A peak of 10/s in the high case: 2 processes are enough.
  std::string lower = kPlan;
  lower.replace(lower.find("peak: 20/s"), 10, "peak: 10/s");
  const auto edited = plan(dir, dir.write("edited.yaml", kScenario + lower), "--json");
  const auto set = plan(dir, file, "--json --set 'plan.cases.1.peak=10/s'");
  ASSERT_EQ(set.status, 0) << set.err;
  const auto doc = nlohmann::json::parse(set.out);
  EXPECT_EQ(doc["platforms"][0]["best"]["candidate"]["processes"], 2) << set.out;
  EXPECT_EQ(doc["platforms"][0]["best"], nlohmann::json::parse(edited.out)["platforms"][0]["best"]);
  // A case's monthly volume reaches the bills: the reference case (the first)
  // at 100M orders a month costs more.
  const auto volume = plan(dir, file, "--json --set plan.cases.0.orders_per_month=100000000");
  ASSERT_EQ(volume.status, 0) << volume.err;
  const auto base = plan(dir, file, "--json");
  auto usd = [](const stackplan::Run& run) {
    return std::stod(nlohmann::json::parse(run.out)["platforms"][0]["best"]["reference_monthly_usd"]
                         .get<std::string>());
  };
  EXPECT_GT(usd(volume), usd(base));
  // A field no reader knows gets the reader's error, naming the file.
  const auto typo = plan(dir, file, "--set plan.cases.1.peek=10/s");
  EXPECT_EQ(typo.status, 2);
  EXPECT_TRUE(contains(typo.err, "plan.cases[1].peek")) << typo.err;
}

TEST(PlanCli, AReversedRangeIsAnErrorAtItsLineAndColumn) {
  const test::TempDir dir;
  std::string plan_text = kPlan;
  plan_text.replace(plan_text.find("1..12"), 5, "12..1");
  const std::string path = dir.write("bad.yaml", kScenario + plan_text);
  const auto run = plan(dir, path);
  EXPECT_EQ(run.status, 2) << run.out;
  // The range is on the plan's third line.
  const size_t line = static_cast<size_t>(std::count(kScenario.begin(), kScenario.end(), '\n')) + 3;
  EXPECT_TRUE(contains(run.err, "bad.yaml:" + std::to_string(line) + ":")) << run.err;
  EXPECT_TRUE(run.out.empty()) << run.out;
}

TEST(PlanCli, ASpaceOfMoreThanAMillionAsksForABound) {
  const test::TempDir dir;
  std::string plan_text = kPlan;
  plan_text.replace(plan_text.find("1..12"), 5, "1..100000");
  plan_text.replace(plan_text.find("[5]"), 3, "[1, 2, 3, 4, 5, 6]");
  const std::string path = dir.write("huge.yaml", kScenario + plan_text);
  const auto run = plan(dir, path);
  EXPECT_EQ(run.status, 2) << run.out;
  EXPECT_TRUE(contains(run.err, "1,200,000 evaluations")) << run.err;
  EXPECT_TRUE(contains(run.err, "--max-simulations")) << run.err;
  EXPECT_TRUE(contains(run.err, "narrow the ranges")) << run.err;
}

TEST(PlanCli, MaxSimulationsStopsTheSearchIncomplete) {
  const test::TempDir dir;
  const auto run =
      plan(dir, dir.write("plan.yaml", kScenario + kPlan), "--json --max-simulations 2");
  EXPECT_EQ(run.status, 1) << run.err;
  const auto doc = nlohmann::json::parse(run.out);
  EXPECT_EQ(doc["search"]["complete"], false);
  EXPECT_TRUE(contains(doc["search"]["stopped_because"].get<std::string>(), "max-simulations"))
      << run.out;
  EXPECT_LE(doc["search"]["simulations"].get<int>(), 2);
}

TEST(PlanCli, AnUnknownPlatformOrFormatIsAUsageError) {
  const test::TempDir dir;
  const std::string path = dir.write("plan.yaml", kScenario + kPlan);
  const auto platform = plan(dir, path, "--platform mainframe");
  EXPECT_EQ(platform.status, 2);
  EXPECT_TRUE(contains(platform.err, "--platform mainframe: expected one of aws")) << platform.err;
  const auto format = plan(dir, path, "--format yaml");
  EXPECT_EQ(format.status, 2);
  EXPECT_TRUE(contains(format.err, "expected text, markdown or json")) << format.err;
  const auto both = plan(dir, path, "--json --markdown");
  EXPECT_EQ(both.status, 2);
  EXPECT_TRUE(contains(both.err, "choose one of --format, --json and --markdown")) << both.err;
}

// Ctrl-C a second into a search that takes far longer: the best answer found
// so far, marked incomplete, and exit status 1, within a bounded time.
// (`timeout --foreground` signals stackplan alone: without it the signal
// reaches it twice, and a second Ctrl-C ends the process at once.)
TEST(PlanCli, InterruptPrintsTheBestSoFar) {
  const test::TempDir dir;
  std::string scenario = kScenario;
  // Six hours at 10 orders/s: each simulation takes a while, and with 100
  // concurrencies to search there are many (minutes of them).
  scenario.replace(scenario.find("duration: 20s"), 13, "duration: 6h");
  scenario.replace(scenario.find("baseline: 2/s"), 13, "baseline: 10/s");
  std::string plan_text = kPlan;
  std::string concurrency = "[1";
  for (int c = 2; c <= 100; ++c) concurrency += ", " + std::to_string(c);
  concurrency += "]";
  plan_text.replace(plan_text.find("1..12"), 5, "1..5000");
  plan_text.replace(plan_text.find("[5]"), 3, concurrency);
  const std::string path = dir.write("big.yaml", scenario + plan_text);
  const auto started = std::chrono::steady_clock::now();
  const auto run =
      test::run_command("timeout -s KILL 60 timeout --foreground --preserve-status -s INT 1 " +
                            test::stackplan_binary() + " plan " + path + " --json --jobs 2 > " +
                            dir.file("stdout") + " 2> " + dir.file("stderr"),
                        false);
  const auto elapsed = std::chrono::steady_clock::now() - started;
  const std::string out = test::read_file(dir.file("stdout"));
  EXPECT_EQ(run.exit_status, 1) << test::read_file(dir.file("stderr"));
  EXPECT_LT(elapsed, std::chrono::seconds(30)) << "the search stops soon after Ctrl-C";
  const auto doc = nlohmann::json::parse(out);
  EXPECT_EQ(doc["search"]["complete"], false) << out;
  EXPECT_TRUE(contains(doc["search"]["stopped_because"].get<std::string>(), "interrupt")) << out;
}

}  // namespace
}  // namespace stackplan
