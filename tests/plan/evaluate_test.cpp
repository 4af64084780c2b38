#include "plan/evaluate.h"

#include <gtest/gtest.h>

#include <atomic>

#include "engine_fixture.h"

namespace stackplan::plan {
namespace {

using testing::case_at;
using testing::plan_file;
using testing::repo_catalog;

Candidate workers(int64_t processes) {
  Candidate c;
  c.kind = Architecture::Kind::kAsync;
  c.processes = processes;
  c.concurrency = 5;
  return c;
}

const sim::TargetCheck* target(const CaseOutcome& o, const std::string& name) {
  for (const auto& t : o.targets)
    if (t.name == name) return &t;
  return nullptr;
}

TEST(PlanEvaluate, EnoughWorkersMeetTheTargetsAndTooFewDoNot) {
  PlanFile f = plan_file();
  Evaluator e(f, repo_catalog(), {.prune = false});
  CaseOutcome five = test::must(e.evaluate(workers(5), f.plan.cases[0]));
  EXPECT_TRUE(five.meets_targets);
  EXPECT_EQ(five.runs, 1);
  EXPECT_GT(five.figures.accepted, 300u);
  EXPECT_TRUE(five.figures.accept_p95.has_value());
  CaseOutcome one = test::must(e.evaluate(workers(1), f.plan.cases[0]));
  EXPECT_FALSE(one.meets_targets);
  EXPECT_FALSE(one.pruned);
  const sim::TargetCheck* drain = target(one, "drain_after_peak");
  ASSERT_NE(drain, nullptr);
  EXPECT_FALSE(drain->met);
  EXPECT_GT(drain->relative_excess().value_or(0), 1);
  // The bill's source keeps the counters but no histograms.
  EXPECT_EQ(one.usage_source.orders.accepted, one.figures.accepted);
  EXPECT_GT(one.usage_source.resources.task_seconds.at("worker"), 0);
  EXPECT_EQ(one.usage_source.requests.latency_ns.count(), 0u);
  EXPECT_EQ(one.usage_source.orders.latency_ns.quantile(0.95), 0u);
  EXPECT_EQ(e.stats().simulations, 2u);
}

TEST(PlanEvaluate, CasesDifferingOnlyInMonthlyVolumeShareOneSimulation) {
  PlanFile f = plan_file();
  Evaluator e(f, repo_catalog(), {});
  CaseOutcome low = test::must(e.evaluate(workers(4), case_at("low", 20, 100000)));
  CaseOutcome high = test::must(e.evaluate(workers(4), case_at("high", 20, 2000000)));
  EXPECT_EQ(e.stats().simulations, 1u);
  EXPECT_EQ(e.stats().cache_hits, 1u);
  EXPECT_EQ(e.stats().evaluations, 2u);
  EXPECT_EQ(low.case_name, "low");
  EXPECT_EQ(high.case_name, "high");
  EXPECT_EQ(low.figures.accepted, high.figures.accepted);
  // A different peak is a different simulation; so is another task vCPU
  // only when there is CPU work (there is none here).
  (void)test::must(e.evaluate(workers(4), case_at("peak", 25, 100000)));
  f.plan.tasks.push_back(TaskSize{1, 2});
  Candidate bigger = workers(4);
  bigger.task = 1;
  (void)test::must(e.evaluate(bigger, case_at("low", 20, 100000)));
  EXPECT_EQ(e.stats().simulations, 2u);

  Evaluator uncached(f, repo_catalog(), {.cache = false});
  (void)test::must(uncached.evaluate(workers(4), case_at("low", 20, 100000)));
  (void)test::must(uncached.evaluate(workers(4), case_at("high", 20, 2000000)));
  EXPECT_EQ(uncached.stats().simulations, 2u);
}

TEST(PlanEvaluate, TheCapacityModelPrunesOnlyWhatASimulationAlsoFails) {
  PlanFile f = plan_file();
  Evaluator pruning(f, repo_catalog(), {});
  CaseOutcome one = test::must(pruning.evaluate(workers(1), f.plan.cases[0]));
  EXPECT_TRUE(one.pruned);
  EXPECT_FALSE(one.meets_targets);
  EXPECT_EQ(one.runs, 0);
  EXPECT_EQ(pruning.stats().simulations, 0u);
  EXPECT_EQ(pruning.stats().pruned, 1u);
  EXPECT_NE(one.pruned_because.find("drain_after_peak"), std::string::npos) << one.pruned_because;
  EXPECT_NE(one.pruned_because.find("10.00s"), std::string::npos) << one.pruned_because;
  ASSERT_NE(target(one, "drain_after_peak"), nullptr);
  EXPECT_GT(target(one, "drain_after_peak")->relative_excess().value_or(0), 0.5);

  // Every process count: pruned ones fail when simulated, and the counts
  // near the limit are simulated rather than pruned.
  Evaluator simulating(f, repo_catalog(), {.prune = false});
  for (int64_t p = 1; p <= 6; ++p) {
    CaseOutcome a = test::must(pruning.evaluate(workers(p), f.plan.cases[0]));
    CaseOutcome b = test::must(simulating.evaluate(workers(p), f.plan.cases[0]));
    EXPECT_EQ(a.meets_targets, b.meets_targets) << p << " processes";
    if (a.pruned) {
      EXPECT_FALSE(b.meets_targets);
    }
  }
  EXPECT_FALSE(test::must(pruning.evaluate(workers(2), f.plan.cases[0])).pruned);
}

TEST(PlanEvaluate, AFigureNearItsLimitIsJudgedOnReplications) {
  PlanFile f = plan_file();
  Evaluator probe(f, repo_catalog(), {.prune = false});
  // Two workers leave a backlog that drains a few seconds after the traffic.
  CaseOutcome once = test::must(probe.evaluate(workers(2), f.plan.cases[0]));
  ASSERT_TRUE(once.figures.drained);
  // A limit 5% above the figure: within the 10% close margin.
  f.scenario.targets.drain_after_peak =
      Duration::nanoseconds(once.figures.drain_time.ns() + once.figures.drain_time.ns() / 20);
  f.plan.replications = 4;
  Evaluator e(f, repo_catalog(), {.prune = false});
  CaseOutcome near = test::must(e.evaluate(workers(2), f.plan.cases[0]));
  EXPECT_EQ(near.runs, 4);
  EXPECT_EQ(e.stats().simulations, 4u);
  EXPECT_EQ(e.stats().replicated, 1u);
  // Far from every limit: one run.
  CaseOutcome far = test::must(e.evaluate(workers(8), f.plan.cases[0]));
  EXPECT_EQ(far.runs, 1);
}

TEST(PlanEvaluate, StopFlagAndSimulationLimitStopTheEvaluator) {
  PlanFile f = plan_file();
  std::atomic<bool> stop{false};
  Evaluator e(f, repo_catalog(), {.prune = false, .stop = &stop, .max_simulations = 2});
  EXPECT_FALSE(e.stopped());
  (void)test::must(e.evaluate(workers(4), f.plan.cases[0]));
  (void)test::must(e.evaluate(workers(5), f.plan.cases[0]));
  auto third = e.evaluate(workers(6), f.plan.cases[0]);
  ASSERT_FALSE(third.ok());
  EXPECT_NE(third.error().message().find("--max-simulations 2"), std::string::npos);
  EXPECT_TRUE(e.stopped());
  // A cached outcome needs no simulation and is still given.
  EXPECT_TRUE(e.evaluate(workers(4), f.plan.cases[0]).ok());

  Evaluator interrupted(f, repo_catalog(), {.stop = &stop});
  stop = true;
  EXPECT_TRUE(interrupted.stopped());
  EXPECT_FALSE(interrupted.evaluate(workers(4), f.plan.cases[0]).ok());
  EXPECT_EQ(interrupted.stats().simulations, 0u);
}

TEST(PlanEvaluate, PriceBillsTheSimulatedCandidateOnAPlatform) {
  PlanFile f = plan_file();
  Evaluator e(f, repo_catalog(), {});
  const NamedInputs month = case_at("month", 20, 100000);
  CaseOutcome four = test::must(e.evaluate(workers(4), month));
  CaseOutcome eight = test::must(e.evaluate(workers(8), month));
  cost::Bill b4 = test::must(e.price(workers(4), month, four, "aws"));
  cost::Bill b8 = test::must(e.price(workers(8), month, eight, "aws"));
  EXPECT_EQ(b4.platform, "aws");
  EXPECT_GT(b4.total(), Money());
  EXPECT_GT(b8.total(), b4.total());  // four more always-on workers
  // More orders a month: more queue requests.
  cost::Bill busier =
      test::must(e.price(workers(4), month, four, "aws", cost::Quantity::units(50'000'000)));
  EXPECT_GT(busier.total(), b4.total());
}

TEST(PlanEvaluate, FunctionsOffAwsCannotBePriced) {
  PlanFile f = plan_file();
  f.plan.kinds = {Architecture::Kind::kServerless};
  Evaluator e(f, repo_catalog(), {});
  Candidate fn;
  fn.kind = Architecture::Kind::kServerless;
  fn.function_memory_gib = 0.5;
  CaseOutcome o = test::must(e.evaluate(fn, f.plan.cases[0]));
  EXPECT_TRUE(e.price(fn, f.plan.cases[0], o, "aws").ok());
  auto railway = e.price(fn, f.plan.cases[0], o, "railway");
  ASSERT_FALSE(railway.ok());
  EXPECT_NE(railway.error().message().find("railway"), std::string::npos);
}

}  // namespace
}  // namespace stackplan::plan
