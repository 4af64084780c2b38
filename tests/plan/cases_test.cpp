// The cases of docs/PLAN.md, from the plan files in examples/plan/: each
// file loads, its space has the size the docs give, and the planner's
// evaluator reproduces, candidate by candidate, the figures worked out
// without it (bench/plan-cases-by-hand: `stackplan simulate` and `stackplan
// cost` on the same files).
#include <gtest/gtest.h>

#include <string>

#include "cost/catalog.h"
#include "plan/analysis.h"
#include "plan/candidate.h"
#include "plan/evaluate.h"
#include "plan/plan_spec.h"
#include "plan/search.h"
#include "support/files.h"
#include "support/must.h"

namespace stackplan::plan {
namespace {

const cost::Catalog& catalog() {
  static const cost::Catalog c =
      test::must(cost::Catalog::load_directory(test::source_path("catalog")));
  return c;
}

PlanFile example(const std::string& name) {
  return test::must(load_plan_file(test::source_path("examples/plan/" + name + ".yaml")));
}

const NamedInputs& case_named(const PlanFile& f, const std::string& name) {
  for (const auto& c : f.plan.cases)
    if (c.name == name) return c;
  ADD_FAILURE() << "no case " << name;
  return f.plan.cases.front();
}

Candidate async_workers(int64_t processes, int64_t concurrency) {
  Candidate c;
  c.kind = Architecture::Kind::kAsync;
  c.processes = processes;
  c.concurrency = concurrency;
  c.task = 0;  // the smallest task
  return c;
}

double monthly(const cost::Bill& bill) { return bill.total().dollars_f(); }

SearchResult searched(const PlanFile& f) {
  Evaluator e(f, catalog(), {});
  return test::must(search(e, {.jobs = 2, .progress = {}}));
}

const PlatformAnswer& on(const SearchResult& r, const std::string& platform) {
  for (const auto& p : r.platforms)
    if (p.platform == platform) return p;
  ADD_FAILURE() << "no platform " << platform;
  return r.platforms.front();
}

// The fewest processes among the feasible options of a kind and concurrency
// (0: none feasible).
int64_t fewest_feasible(const SearchResult& r, Architecture::Kind kind, int64_t concurrency) {
  int64_t fewest = 0;
  for (const auto& o : r.feasible)
    if (o.candidate.kind == kind && o.candidate.concurrency == concurrency &&
        (fewest == 0 || o.candidate.processes < fewest))
      fewest = o.candidate.processes;
  return fewest;
}

TEST(PlanCasesFiles, EveryExampleLoadsWithTheSpaceTheDocsDescribe) {
  EXPECT_EQ(count_candidates(example("flash-sale").plan), 2502u);
  EXPECT_EQ(count_candidates(example("micro-saas").plan), 20u);
  EXPECT_EQ(count_candidates(example("platform-comparison").plan), 12u);
  EXPECT_EQ(count_candidates(example("repository-scanner").plan), 160u);
  EXPECT_EQ(example("flash-sale").plan.cases.size(), 3u);
}

// The fewest processes at 48/s is 29 whatever the goroutines; at 60/s, 37
// with one goroutine per payment slot (the 10 ms receive sits between
// payments) and 36 with more goroutines than slots (the receive is hidden).
// The capacity model may skip the hopeless counts, never change the answer.
TEST(PlanCasesFlashSale, FewestProcessesAt48And60PerSecond) {
  PlanFile f = example("flash-sale");
  Evaluator simulating(f, catalog(), {.prune = false});
  Evaluator pruning(f, catalog(), {});
  auto meets = [&](int64_t processes, int64_t concurrency, const std::string& case_name) {
    const Candidate c = async_workers(processes, concurrency);
    const bool simulated =
        test::must(simulating.evaluate(c, case_named(f, case_name))).meets_targets;
    EXPECT_EQ(test::must(pruning.evaluate(c, case_named(f, case_name))).meets_targets, simulated)
        << processes << " x " << concurrency << " in " << case_name;
    return simulated;
  };
  EXPECT_FALSE(meets(28, 10, "sale-48"));
  EXPECT_TRUE(meets(29, 10, "sale-48"));
  EXPECT_FALSE(meets(28, 5, "sale-48"));
  EXPECT_TRUE(meets(29, 5, "sale-48"));
  EXPECT_FALSE(meets(36, 5, "sale-60"));
  EXPECT_TRUE(meets(37, 5, "sale-60"));
  EXPECT_FALSE(meets(35, 10, "sale-60"));
  EXPECT_TRUE(meets(36, 10, "sale-60"));
  EXPECT_TRUE(meets(36, 20, "impatient-60"));
}

TEST(PlanCasesFlashSale, OneGoroutinePerProcessCannotCarryTheSale) {
  PlanFile f = example("flash-sale");
  Evaluator e(f, catalog(), {.prune = false});
  CaseOutcome o = test::must(e.evaluate(async_workers(100, 1), case_named(f, "sale-48")));
  EXPECT_FALSE(o.meets_targets);
}

// A sync request holds its customer through the 3 s payment: no process
// count meets the 200 ms accept target.
TEST(PlanCasesFlashSale, SyncMissesTheAcceptTargetByFourteenHundredPercent) {
  PlanFile f = example("flash-sale");
  Evaluator e(f, catalog(), {.prune = false});
  Candidate sync;
  sync.kind = Architecture::Kind::kSync;
  sync.processes = 37;
  CaseOutcome o = test::must(e.evaluate(sync, case_named(f, "impatient-60")));
  EXPECT_FALSE(o.meets_targets);
  bool accept_checked = false;
  for (const auto& t : o.targets) {
    if (t.name != "accept_p95") continue;
    accept_checked = true;
    EXPECT_FALSE(t.met);
    EXPECT_NEAR(t.relative_excess().value_or(0), 14.0, 0.5);  // 3.0 s against 200 ms
  }
  EXPECT_TRUE(accept_checked);
}

// The 36-worker fleet (0.25 vCPU / 0.5 GB), one API task and SQS: $334.17 at
// 1M orders (stackplan cost on the same deploy).
TEST(PlanCasesFlashSale, TheFleetThatCarriesTheSaleCosts334Dollars) {
  PlanFile f = example("flash-sale");
  Evaluator e(f, catalog(), {});
  const NamedInputs& reference = case_named(f, "sale-48");
  Candidate fleet = async_workers(36, 10);
  CaseOutcome o = test::must(e.evaluate(fleet, reference));
  cost::Bill bill = test::must(e.price(fleet, reference, o, "aws"));
  EXPECT_NEAR(monthly(bill), 334.17, 0.01);
}

// Lambda at 512 MB, 3 s an order, 1M orders with the free tier: $18.33 by
// stackplan cost; the planner bills the simulated GB-s (cold starts
// included), within a few cents. Assumes each instance holds its own
// payment call (docs/PLAN.md, the open question).
TEST(PlanCasesFlashSale, LambdaMeetsTheTargetsForAbout18Dollars) {
  PlanFile f = example("flash-sale");
  Evaluator e(f, catalog(), {});
  const NamedInputs& reference = case_named(f, "sale-48");
  Candidate lambda;
  lambda.kind = Architecture::Kind::kServerless;
  lambda.function_memory_gib = 0.5;
  CaseOutcome o = test::must(e.evaluate(lambda, reference));
  EXPECT_TRUE(o.meets_targets) << (o.targets.empty() ? "" : o.targets[1].actual);
  cost::Bill bill = test::must(e.price(lambda, reference, o, "aws"));
  EXPECT_NEAR(monthly(bill), 18.33, 0.10);
}

// The micro-SaaS: 2 Fargate tasks + ALB meet the target in both cases for
// $52.47 a month.
TEST(PlanCasesMicroSaas, TwoContainersBehindAnAlbCost52Dollars) {
  PlanFile f = example("micro-saas");
  Evaluator e(f, catalog(), {});
  Candidate containers;
  containers.kind = Architecture::Kind::kSync;
  containers.processes = 2;
  for (const char* name : {"launch", "10M"}) {
    SCOPED_TRACE(name);
    const NamedInputs& c = case_named(f, name);
    CaseOutcome o = test::must(e.evaluate(containers, c));
    EXPECT_TRUE(o.meets_targets);
    EXPECT_NEAR(monthly(test::must(e.price(containers, c, o, "aws"))), 52.47, 0.01);
  }
}

// Lambda + API Gateway REST: $5.17 at 1M requests, $113.47 at 10M (stackplan
// cost; the planner bills the simulated GB-s, cold starts included, within
// 3%). The ALB fronts the containers and is not on a function's bill.
TEST(PlanCasesMicroSaas, LambdaBillsCarryNoLoadBalancer) {
  PlanFile f = example("micro-saas");
  Evaluator e(f, catalog(), {});
  Candidate lambda;
  lambda.kind = Architecture::Kind::kServerless;
  lambda.function_memory_gib = 0.5;
  for (const auto& [name, expected] : {std::pair{"launch", 5.17}, {"10M", 113.47}}) {
    SCOPED_TRACE(name);
    const NamedInputs& c = case_named(f, name);
    CaseOutcome o = test::must(e.evaluate(lambda, c));
    EXPECT_TRUE(o.meets_targets);
    cost::Bill bill = test::must(e.price(lambda, c, o, "aws"));
    for (const auto& line : bill.lines) EXPECT_NE(line.component, "load_balancer") << line.item;
    EXPECT_NEAR(monthly(bill), expected, expected * 0.03);
  }
}

// 100K users need 3 API processes of 1 vCPU; DigitalOcean is then the
// cheapest platform, $63.00 (egress excluded).
TEST(PlanCasesPlatformComparison, ThreeApiProcessesAt100KUsersCheapestOnDigitalOcean) {
  PlanFile f = example("platform-comparison");
  Evaluator e(f, catalog(), {.prune = false});
  const NamedInputs& large = case_named(f, "100K users");
  Candidate api;
  api.kind = Architecture::Kind::kSync;
  api.processes = 2;
  EXPECT_FALSE(test::must(e.evaluate(api, large)).meets_targets);
  api.processes = 3;
  CaseOutcome o = test::must(e.evaluate(api, large));
  EXPECT_TRUE(o.meets_targets);
  EXPECT_NEAR(monthly(test::must(e.price(api, large, o, "digitalocean"))), 63.00, 0.01);
  EXPECT_NEAR(monthly(test::must(e.price(api, large, o, "aws"))), 177.24, 0.01);
}

Candidate scanner(size_t variant, int64_t processes, size_t task) {
  Candidate c = async_workers(processes, 1);
  c.variant = variant;
  c.task = task;
  return c;
}

// Scale (10,000 scans a day): Python on 1 vCPU meets the targets with 20
// processes on seed 1 only (p95 9 min 31 s, near the limit, so judged over
// 3 runs: missed); 21 meet them. Go needs 9.
TEST(PlanCasesRepositoryScanner, ProcessesForTheScaleStage) {
  PlanFile f = example("repository-scanner");
  Evaluator e(f, catalog(), {.prune = false});
  const NamedInputs& scale = case_named(f, "scale");
  CaseOutcome python20 = test::must(e.evaluate(scanner(0, 20, 0), scale));
  EXPECT_GT(python20.runs, 1);
  EXPECT_FALSE(python20.meets_targets);
  EXPECT_TRUE(test::must(e.evaluate(scanner(0, 21, 0), scale)).meets_targets);
  EXPECT_FALSE(test::must(e.evaluate(scanner(1, 8, 0), scale)).meets_targets);
  CaseOutcome go9 = test::must(e.evaluate(scanner(1, 9, 0), scale));
  EXPECT_TRUE(go9.meets_targets);
  // The planner bills the simulated task-hours scaled by scans: the day's
  // Poisson arrivals and the drain after it put them 0.5% above 9 tasks all
  // month, so within 1% of the bills of 9 always-on tasks.
  EXPECT_NEAR(monthly(test::must(e.price(scanner(1, 9, 0), scale, go9, "aws"))), 485.25, 4.85);
  EXPECT_NEAR(monthly(test::must(e.price(scanner(1, 9, 0), scale, go9, "railway"))), 482.50, 4.83);
}

// The search over all 2,502 candidates in the 3 cases: every async group's
// fewest processes is the one found candidate by candidate above (36 with 10
// or 20 goroutines, 37 with 5, none with 1), and no sync option is feasible.
TEST(PlanCasesFlashSale, TheSearchFindsTheFewestProcessesOfEveryGroup) {
  PlanFile f = example("flash-sale");
  SearchResult r = searched(f);
  EXPECT_TRUE(r.stats.complete);
  EXPECT_EQ(r.stats.candidates, 2502u);
  EXPECT_EQ(fewest_feasible(r, Architecture::Kind::kAsync, 1), 0);
  EXPECT_EQ(fewest_feasible(r, Architecture::Kind::kAsync, 5), 37);
  EXPECT_EQ(fewest_feasible(r, Architecture::Kind::kAsync, 10), 36);
  EXPECT_EQ(fewest_feasible(r, Architecture::Kind::kAsync, 20), 36);
  for (const auto& o : r.feasible) EXPECT_NE(o.candidate.kind, Architecture::Kind::kSync);
  // Cheapest on AWS: Lambda, each instance holding its own payment call
  // (the boundary counts of the fleets are checked one by one above).
  const PlatformAnswer& aws = on(r, "aws");
  ASSERT_TRUE(aws.best.has_value()) << aws.none_because;
  EXPECT_EQ(aws.best->candidate.kind, Architecture::Kind::kServerless);
  EXPECT_NEAR(aws.best->reference_monthly.dollars_f(), 18.33, 0.05);
  // Every option shown as cheaper and failing is cheaper and fails.
  for (const Option& o : aws.cheaper_failing) {
    EXPECT_LT(o.reference_monthly, aws.best->reference_monthly);
    EXPECT_FALSE(o.feasible());
  }
}

TEST(PlanCasesMicroSaas, LeastRegretIsTheContainers) {
  PlanFile f = example("micro-saas");
  SearchResult r = searched(f);
  const PlatformAnswer& aws = on(r, "aws");
  ASSERT_TRUE(aws.best.has_value()) << aws.none_because;
  EXPECT_EQ(aws.best->candidate.kind, Architecture::Kind::kServerless);
  ASSERT_TRUE(r.least_regret.has_value());
  EXPECT_EQ(r.least_regret->option.candidate.kind, Architecture::Kind::kSync);
  EXPECT_EQ(r.least_regret->option.candidate.processes, 2);
  // Its regret, $47.30 at launch, is checked by LambdaBillsCarryNoLoadBalancer:
  // it is the containers' $52.47 less Lambda's $5.17.
  EXPECT_EQ(r.least_regret->worst_case, "launch");
}

// 3 API processes on every platform (100K users need them); DigitalOcean is
// the cheapest, $63.00, and the least-regret choice.
TEST(PlanCasesPlatformComparison, ThreeProcessesEverywhereDigitalOceanCheapest) {
  PlanFile f = example("platform-comparison");
  SearchResult r = searched(f);
  for (const auto& [platform, expected] : {std::pair{"aws", 177.24},
                                           {"railway", 195.50},
                                           {"render", 100.00},
                                           {"heroku", 1000.00},
                                           {"digitalocean", 63.00}}) {
    SCOPED_TRACE(platform);
    const PlatformAnswer& p = on(r, platform);
    ASSERT_TRUE(p.best.has_value()) << p.none_because;
    EXPECT_EQ(p.best->candidate.processes, 3);
    EXPECT_NEAR(p.best->reference_monthly.dollars_f(), expected, 0.01);
  }
  ASSERT_TRUE(r.least_regret.has_value());
  EXPECT_EQ(r.least_regret->option.platform, "digitalocean");
}

// Sized for the Scale stage: Python 21 tasks of 1 vCPU, Go 9; the rewrite
// saves about $432 a month on AWS, so $30,000 pays back in about 69 months.
TEST(PlanCasesRepositoryScanner, PythonNeeds21TasksGo9AndTheRewritePaysBackInAbout69Months) {
  PlanFile f = example("repository-scanner");
  SearchResult r = searched(f);
  const PlatformAnswer& aws = on(r, "aws");
  ASSERT_TRUE(aws.best.has_value()) << aws.none_because;
  EXPECT_EQ(aws.best->candidate.variant, 1u);  // go
  EXPECT_EQ(aws.best->candidate.processes, 9);
  EXPECT_EQ(aws.best->candidate.task, 0u);
  EXPECT_NEAR(aws.best->reference_monthly.dollars_f(), 485.25, 4.85);
  bool python_found = false;
  for (const auto& o : r.feasible) {
    if (o.candidate.variant != 0 || o.platform != "aws" || o.candidate.task != 0) continue;
    python_found = true;
    EXPECT_EQ(o.candidate.processes, 21);
  }
  EXPECT_TRUE(python_found);
  std::vector<VariantPayback> payback = variant_payback(f.plan, r);
  bool scale_checked = false;
  for (const auto& p : payback) {
    if (p.variant != "go" || p.case_name != "scale") continue;
    scale_checked = true;
    // $432.48 with every task always on; the planner bills the simulated
    // task-hours scaled by scans, a little above (docs/PLAN.md).
    EXPECT_NEAR(p.monthly_saving.dollars_f(), 432.48, 8.65);
    ASSERT_TRUE(p.months.has_value());
    EXPECT_NEAR(*p.months, 69.4, 1.0);
  }
  EXPECT_TRUE(scale_checked);
}

}  // namespace
}  // namespace stackplan::plan
