#include "plan/search.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>

#include "engine_fixture.h"

namespace stackplan::plan {
namespace {

using testing::case_at;
using testing::plan_file;
using testing::repo_catalog;

// Three peaks, two worker sizes, two concurrencies, 1..12 processes, on two
// platforms: 48 candidates x 3 cases.
PlanFile small_space() {
  PlanFile f = plan_file();
  f.plan.processes = IntChoices::range(1, 12);
  f.plan.concurrency = IntChoices::list({2, 5});
  f.plan.tasks = {TaskSize{0.25, 0.5}, TaskSize{0.5, 1}};
  f.plan.platforms = {"aws", "railway"};
  f.plan.cases = {case_at("low", 15, 100000), case_at("high", 40, 300000),
                  case_at("mid", 30, 200000)};
  f.plan.reference_case = 1;
  return f;
}

// What the answer is, in one string: each platform's best and the options
// next to it, the least-regret choice, every feasible option.
std::string answer(const SearchResult& r) {
  std::string s;
  for (const auto& p : r.platforms) {
    s += p.platform + ": ";
    s += p.best ? p.best->candidate.key() + " " + p.best->reference_monthly.format(6) : "none";
    for (const auto& f : p.cheaper_failing) s += " / fails " + f.candidate.key();
    s += " / " + p.none_because + "\n";
  }
  if (r.least_regret) s += "regret: " + r.least_regret->reason + "\n";
  for (const auto& o : r.feasible) s += o.candidate.key() + " on " + o.platform + "\n";
  for (const auto& c : r.case_choices)
    s += fmt::format("case {} variant {}: {} on {} {}\n", c.case_index, c.variant,
                     c.candidate.key(), c.platform, c.monthly.format(6));
  return s + r.infeasible_because;
}

SearchResult run(const PlanFile& f, EvaluatorOptions eo, SearchOptions so = {}) {
  Evaluator e(f, repo_catalog(), eo);
  return test::must(search(e, so));
}

TEST(PlanSearch, FindsTheFewestWorkersMeetingEveryCaseAndTheCheaperOneThatFails) {
  PlanFile f = small_space();
  SearchResult r = run(f, {});
  ASSERT_EQ(r.platforms.size(), 2u);
  const PlatformAnswer& aws = r.platforms[0];
  ASSERT_TRUE(aws.best.has_value()) << aws.none_because;
  EXPECT_TRUE(aws.best->feasible());
  EXPECT_EQ(aws.best->cases.size(), 3u);
  EXPECT_EQ(aws.best->bills.size(), 3u);
  EXPECT_EQ(aws.best->reference_monthly, aws.best->bills[1].total());
  // The high case's 40/s for 15 s against 5/s a process (at concurrency 5):
  // 3 processes leave a backlog that takes about 18 s to drain after the
  // traffic, over the 10 s target; 4 drain it in about 7 s.
  EXPECT_EQ(aws.best->candidate.concurrency, 5);
  EXPECT_EQ(aws.best->candidate.processes, 4);
  ASSERT_FALSE(aws.cheaper_failing.empty());
  const Option& next = aws.cheaper_failing.front();
  EXPECT_LT(next.reference_monthly, aws.best->reference_monthly);
  EXPECT_FALSE(next.meets_targets);
  ASSERT_FALSE(next.misses.empty());
  EXPECT_EQ(next.misses.front().target, "drain_after_peak");
  EXPECT_EQ(r.stats.candidates, 48u);
  EXPECT_EQ(r.stats.brute_force_evaluations, 144u);
  EXPECT_TRUE(r.stats.complete);
  ASSERT_TRUE(r.least_regret.has_value());
  EXPECT_FALSE(r.least_regret->reason.empty());
}

TEST(PlanSearch, BisectionGivesBruteForcesAnswerWithFewerSimulations) {
  PlanFile f = small_space();
  SearchResult fast = run(f, {});
  SearchResult brute =
      run(f, {.prune = false, .cache = false}, {.brute_force = true, .progress = {}});
  EXPECT_EQ(answer(fast), answer(brute));
  EXPECT_EQ(brute.stats.evaluator.evaluations, 144u);  // every candidate in every case
  EXPECT_EQ(brute.stats.candidates_examined, 48u);
  EXPECT_LT(fast.stats.evaluator.simulations * 2, brute.stats.evaluator.simulations)
      << fast.stats.evaluator.simulations << " vs " << brute.stats.evaluator.simulations;
}

// Regret's baseline in a case is what that case alone would choose: the
// fewest processes meeting its targets, which a walk up one count at a time
// confirms, and which the all-case answer (sized for the highest peak)
// outspends in the lower cases.
TEST(PlanSearch, EachCaseAloneChoosesTheFewestMeetingItsTargets) {
  PlanFile f = small_space();
  SearchResult r = run(f, {});
  ASSERT_TRUE(r.least_regret.has_value());
  Evaluator walk(f, repo_catalog(), {.prune = false, .cache = false});
  for (size_t c = 0; c < f.plan.cases.size(); ++c) {
    const CaseChoice* cheapest = nullptr;
    for (const CaseChoice& choice : r.case_choices)
      if (choice.case_index == c) cheapest = &choice;
    ASSERT_NE(cheapest, nullptr) << "case " << c;
    Candidate k = cheapest->candidate;
    ASSERT_TRUE(test::must(walk.evaluate(k, f.plan.cases[c])).meets_targets);
    if (k.processes > 1) {
      --k.processes;
      EXPECT_FALSE(test::must(walk.evaluate(k, f.plan.cases[c])).meets_targets) << "case " << c;
    }
    const Option& chosen = r.least_regret->option;
    EXPECT_EQ(r.least_regret->regret[c], chosen.bills[c].total() - cheapest->monthly);
  }
  // The low case (15/s) needs fewer processes than the high one (40/s).
  EXPECT_LT(r.case_choices.front().candidate.processes, r.least_regret->option.candidate.processes);
  EXPECT_GT(r.least_regret->max_regret, Money());
}

TEST(PlanSearch, PruningNeverChangesTheAnswer) {
  PlanFile f = small_space();
  SearchResult pruned = run(f, {});
  SearchResult simulated = run(f, {.prune = false});
  EXPECT_GT(pruned.stats.evaluator.pruned, 0u);
  EXPECT_EQ(simulated.stats.evaluator.pruned, 0u);
  EXPECT_EQ(answer(pruned), answer(simulated));
}

TEST(PlanSearch, TheResultDoesNotDependOnJobs) {
  PlanFile f = small_space();
  SearchResult one = run(f, {}, {.jobs = 1, .progress = {}});
  SearchResult two = run(f, {}, {.jobs = 2, .progress = {}});
  EXPECT_EQ(answer(one), answer(two));
  EXPECT_EQ(one.stats.candidates_examined, two.stats.candidates_examined);
}

TEST(PlanSearch, ASimulationLimitKeepsTheBestFoundSoFar) {
  PlanFile f = small_space();
  const uint64_t needed = run(f, {}).stats.evaluator.simulations;
  // One simulation short: the last group is cut, the earlier ones stand.
  SearchResult r = run(f, {.max_simulations = needed - 1});
  EXPECT_FALSE(r.stats.complete);
  EXPECT_EQ(r.stats.stopped_because, fmt::format("--max-simulations {} reached", needed - 1));
  ASSERT_TRUE(r.platforms[0].best.has_value());
  EXPECT_TRUE(r.platforms[0].best->feasible());
  EXPECT_EQ(r.stats.evaluator.simulations, needed - 1);
}

TEST(PlanSearch, AnInterruptedSearchSaysSo) {
  PlanFile f = small_space();
  std::atomic<bool> stop{true};
  SearchResult r = run(f, {.stop = &stop});
  EXPECT_FALSE(r.stats.complete);
  EXPECT_EQ(r.stats.stopped_because, "interrupted");
  EXPECT_EQ(r.stats.evaluator.simulations, 0u);
}

TEST(PlanSearch, FunctionsOnRailwayAreNotAnAnswer) {
  PlanFile f = small_space();
  f.plan.kinds = {Architecture::Kind::kServerless};
  f.plan.function_memory_gib = {0.5};
  // Functions scale out; the payment provider takes 200 calls at once.
  f.scenario.architecture.function.concurrency_limit = 1000;
  f.scenario.architecture.dependency->scope = Dependency::Scope::kGlobal;
  f.scenario.architecture.dependency->slots = 200;
  SearchResult r = run(f, {});
  ASSERT_TRUE(r.platforms[0].best.has_value()) << r.platforms[0].none_because;
  EXPECT_EQ(r.platforms[0].best->candidate.kind, Architecture::Kind::kServerless);
  EXPECT_FALSE(r.platforms[1].best.has_value());
  EXPECT_NE(r.platforms[1].none_because.find("priced on railway"), std::string::npos)
      << r.platforms[1].none_because;
}

TEST(PlanSearch, ABudgetBelowEveryFeasibleBillLeavesNoAnswerAndSaysBudget) {
  PlanFile f = small_space();
  f.plan.platforms = {"aws"};
  f.plan.budget = Money::from_micros(10'000);  // one cent a month
  SearchResult r = run(f, {});
  EXPECT_FALSE(r.platforms[0].best.has_value());
  EXPECT_TRUE(r.feasible.empty());
  EXPECT_NE(r.platforms[0].none_because.find("budget"), std::string::npos)
      << r.platforms[0].none_because;
  EXPECT_FALSE(r.least_regret.has_value());
}

TEST(PlanSearch, WithAutoscalingEachMinMaxPairIsACandidate) {
  PlanFile f = small_space();
  f.plan.platforms = {"aws"};
  Autoscaling& as = f.scenario.architecture.autoscaling;
  as.enabled = true;
  as.scale_out_backlog_per_process = 10;
  as.evaluation_period = Duration::seconds(2);
  as.cooldown = Duration::seconds(2);
  as.task_start_delay = Duration::seconds(1);
  f.plan.concurrency = IntChoices::single(5);
  f.plan.tasks = {TaskSize{0.25, 0.5}};
  f.plan.autoscale_min = IntChoices::list({1, 4});
  f.plan.autoscale_max = IntChoices::list({1, 4, 12});
  SearchResult r = run(f, {});
  // (1,1) (1,4) (4,4) (1,12) (4,12): no bisection, each examined.
  EXPECT_EQ(r.stats.candidates, 5u);
  EXPECT_EQ(r.stats.candidates_examined, 5u);
  ASSERT_TRUE(r.platforms[0].best.has_value()) << r.platforms[0].none_because;
  const Candidate& best = r.platforms[0].best->candidate;
  EXPECT_GT(best.autoscale_max, 1);
  EXPECT_EQ(best.processes, best.autoscale_min);
  // One process that never scales cannot drain the high case's backlog.
  for (const auto& o : r.platforms[0].cheaper_failing) EXPECT_FALSE(o.meets_targets);
}

TEST(PlanSearch, SyncProcessesAreSearchedUnderClosedTraffic) {
  // 40 users, each paying through the API (5 slots x 1 s a process): one
  // process serves 5 orders/s, so the users wait about 8 s; the 2 s accept
  // target needs several processes. The capacity model prunes the hopeless
  // ones, and the answer is the same without it.
  PlanFile f = plan_file(R"(
name: closed-sync
traffic: {users: 40, spawn_rate: 40/s, wait: 100ms, duration: 30s}
architecture:
  kind: sync
  dependency: {name: payment, slots: 5, scope: per_process, service_time: 1s}
targets:
  accept_p95: 2s
deploy:
  services: [{name: api, vcpu: 0.25, memory: 512MB}]
usage: {orders_per_month: 100000}
)");
  f.plan.kinds = {Architecture::Kind::kSync};
  f.plan.processes = IntChoices::range(1, 16);
  SearchResult search_pruned = run(f, {});
  SearchResult every_pruned = run(f, {}, {.brute_force = true, .progress = {}});
  SearchResult every_simulated = run(f, {.prune = false}, {.brute_force = true, .progress = {}});
  ASSERT_TRUE(search_pruned.platforms[0].best.has_value())
      << search_pruned.platforms[0].none_because;
  EXPECT_GE(search_pruned.platforms[0].best->candidate.processes, 4);
  EXPECT_GT(every_pruned.stats.evaluator.pruned, 0u);
  EXPECT_EQ(answer(search_pruned), answer(every_pruned));
  EXPECT_EQ(answer(search_pruned), answer(every_simulated));
}

TEST(PlanSearch, NoFeasiblePointNamesTheTargetAndTheClosestConfiguration) {
  PlanFile f = small_space();
  f.plan.processes = IntChoices::range(1, 3);
  SearchResult r = run(f, {});
  EXPECT_TRUE(r.feasible.empty());
  ASSERT_TRUE(r.closest.has_value());
  EXPECT_EQ(r.closest->candidate.processes, 3);
  EXPECT_EQ(r.closest->candidate.concurrency, 5);
  EXPECT_NE(r.infeasible_because.find("drain_after_peak"), std::string::npos)
      << r.infeasible_because;
  EXPECT_NE(r.infeasible_because.find("3 processes x 5 concurrency"), std::string::npos)
      << r.infeasible_because;
  EXPECT_NE(r.infeasible_because.find("case high"), std::string::npos) << r.infeasible_because;
}

}  // namespace
}  // namespace stackplan::plan

namespace stackplan::plan {
namespace {

// The flash-sale plan at the size docs/BENCHMARKS.md times: 2,003 candidates
// (async 1..100 processes x 4 concurrencies x 4 task sizes, sync 1..100 x 4
// sizes, 3 function sizes) x 3 peaks. Disabled: it is a measurement, run by
//   build/tests/plan/plan_tests --gtest_also_run_disabled_tests
//     --gtest_filter='PlanSearchScale.*'
const char* kFlashSalePlanYaml = R"(
name: flash-sale-plan
traffic:
  spike: {baseline: 1/s, rate: 60/s, at: 1min, for: 2min}
  duration: 5min
architecture:
  kind: async
  api: {accept_latency: 110ms}
  queue: {receive_batch: 10, visibility_timeout: 30s}
  workers: {processes: 1, concurrency: 10}
  dependency: {name: payment, slots: 5, scope: per_process, service_time: 3s}
  function: {memory: 512MB, concurrency_limit: 1000, invoke: async}
targets:
  accept_p95: 200ms
  drain_after_peak: 60s
deploy:
  region: us-east-1
  services:
    - {name: api, vcpu: 0.25, memory: 512MB, count: 1}
    - {name: worker, vcpu: 0.25, memory: 512MB, count: 1}
  function: {memory: 512MB, duration: 3s}
  queue: {}
usage:
  orders_per_month: 1000000
)";

PlanFile flash_sale_plan() {
  PlanFile f = plan_file(kFlashSalePlanYaml);
  f.plan.kinds = {Architecture::Kind::kAsync, Architecture::Kind::kSync,
                  Architecture::Kind::kServerless};
  f.plan.processes = IntChoices::range(1, 100);
  f.plan.concurrency = IntChoices::list({5, 10, 20, 100});
  f.plan.tasks = {TaskSize{0.25, 0.5}, TaskSize{0.5, 1}, TaskSize{1, 2}, TaskSize{2, 4}};
  f.plan.function_memory_gib = {0.5, 1, 2};
  f.plan.cases = {case_at("low", 30, 100000), case_at("mid", 48, 500000),
                  case_at("high", 60, 1100000)};
  return f;
}

TEST(PlanSearchScale, DISABLED_FlashSalePlanAgainstBruteForce) {
  PlanFile f = flash_sale_plan();
  ASSERT_GE(count_candidates(f.plan), 2000u);
  auto timed = [&](EvaluatorOptions eo, SearchOptions so) {
    const auto start = std::chrono::steady_clock::now();
    SearchResult r = run(f, eo, so);
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    std::printf("%s: %.2f s, %llu evaluations, %llu simulations, %llu pruned, %llu cache hits\n",
                so.brute_force ? "brute force" : "search", took.count(),
                static_cast<unsigned long long>(r.stats.evaluator.evaluations),
                static_cast<unsigned long long>(r.stats.evaluator.simulations),
                static_cast<unsigned long long>(r.stats.evaluator.pruned),
                static_cast<unsigned long long>(r.stats.evaluator.cache_hits));
    return r;
  };
  SearchResult fast = timed({}, {.jobs = 2, .progress = {}});
  SearchResult brute =
      timed({.prune = false, .cache = false}, {.jobs = 2, .brute_force = true, .progress = {}});
  std::printf("%s\nexamined %llu\n", answer(fast).c_str(),
              static_cast<unsigned long long>(brute.stats.candidates_examined));
  EXPECT_EQ(answer(fast), answer(brute));
  EXPECT_GE(brute.stats.evaluator.simulations, 20 * fast.stats.evaluator.simulations);
}

}  // namespace
}  // namespace stackplan::plan
