// The `plan:` section read back field by field, its defaults, its errors (each
// at its line and column), and the join of simulated tiers with deployed
// services.
#include "plan/plan_spec.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "support/files.h"
#include "support/must.h"

namespace stackplan::plan {
namespace {

using test::error_of;
using test::must;
using testing::HasSubstr;
using testing::Not;

// 19 lines: a `plan:` section appended to it starts on line 20.
const std::string kAsyncFlashSale = R"(name: flash
traffic:
  rate: 48/s
  duration: 60s
architecture:
  kind: async
  api: { accept_latency: 110ms, processes: 2 }
  workers: { processes: 4, concurrency: 10 }
  dependency: { slots: 5, service_time: 3s }
targets:
  accept_p95: 200ms
  drain_after_peak: 60s
deploy:
  platforms: [aws, railway]
  services:
    - {name: api, vcpu: 0.25, memory: 512MB}
    - {name: worker, vcpu: 0.5, memory: 1GB, count: 4}
usage:
  orders_per_month: 100000
)";

// Closed traffic, CPU work and no dependency; 14 lines.
const std::string kClosedScanner = R"(name: scanner
traffic:
  users: 10
  duration: 60s
architecture:
  kind: async
  workers: { processes: 2, concurrency: 1, cpu: { work: 171s } }
  autoscaling: { min: 1, max: 4 }
targets:
  order_p95: 10min
deploy:
  services:
    - {name: api, vcpu: 0.25, memory: 512MB}
    - {name: worker, vcpu: 1, memory: 2GB}
)";

Result<PlanFile> parse(const std::string& text) { return parse_plan_text(text, "plan.yaml"); }

// The flash-sale file with a function deployed beside the services; 20
// lines, so a `plan:` section appended starts on line 21.
std::string with_function(const std::string& plan) {
  std::string text = kAsyncFlashSale;
  text.insert(text.find("usage:"), "  function: {memory: 512MB, duration: 3s}\n");
  return text + plan;
}

TEST(PlanSpec, AFullSectionIsReadBackFieldByField) {
  auto file = must(parse(with_function(R"(plan:
  architectures: [async, serverless]
  workers:
    processes: 1..40
    concurrency: [5, 10, 20, 100]
  tasks:
    - {vcpu: 0.25, memory: 512MB}
    - {vcpu: 0.5, memory: 1GB}
  function_memory: [512MB, 1GB]
  platforms: [aws, render]
  budget: $50
  cases:
    - {name: low, peak: 30/s, orders_per_month: 100000, patience: 10s}
    - {name: high, peak: 60/s, orders_per_month: 1_100_000, service_time: 2s}
  variants:
    - {name: python}
    - {name: go, build_cost: $30000}
  reference: high
  tiers: {api: api, worker: worker, function: function}
  fixed_services: []
  replications: 5
  close_margin: 15%
  volumes: 1000..100000000
  peaks: 30/s..90/s
)")));
  const PlanSpec& p = file.plan;
  EXPECT_EQ(file.scenario.name, "flash");
  ASSERT_EQ(file.cost.deploy.services.size(), 2u);
  ASSERT_EQ(p.kinds.size(), 2u);
  EXPECT_EQ(p.kinds[0], Architecture::Kind::kAsync);
  EXPECT_EQ(p.kinds[1], Architecture::Kind::kServerless);
  EXPECT_EQ(p.processes.size(), 40u);
  EXPECT_EQ(p.processes.front(), 1);
  EXPECT_EQ(p.processes.back(), 40);
  EXPECT_EQ(p.processes.describe(), "1..40");
  EXPECT_EQ(p.concurrency.describe(), "[5, 10, 20, 100]");
  ASSERT_EQ(p.tasks.size(), 2u);
  EXPECT_EQ(p.tasks[0].describe(), "0.25 vCPU / 0.5 GiB");
  EXPECT_EQ(p.tasks[1].describe(), "0.5 vCPU / 1 GiB");
  EXPECT_EQ(p.function_memory_gib, (std::vector<double>{0.5, 1}));
  EXPECT_FALSE(p.autoscale_min || p.autoscale_max);
  EXPECT_EQ(p.platforms, (std::vector<std::string>{"aws", "render"}));
  ASSERT_TRUE(p.budget);
  EXPECT_EQ(*p.budget, Money::from_dollars(50));
  ASSERT_EQ(p.cases.size(), 2u);
  EXPECT_EQ(p.cases[0].name, "low");
  EXPECT_EQ(p.cases[0].inputs.peak_per_second, 30);
  EXPECT_EQ(p.cases[0].inputs.orders_per_month, cost::Quantity::units(100000));
  EXPECT_EQ(p.cases[0].inputs.patience, Duration::seconds(10));
  EXPECT_FALSE(p.cases[0].inputs.service_time);
  EXPECT_EQ(p.cases[1].inputs.orders_per_month, cost::Quantity::units(1100000));
  ASSERT_TRUE(p.cases[1].inputs.service_time);
  EXPECT_EQ(p.cases[1].inputs.service_time->mean(), Duration::seconds(2));
  ASSERT_EQ(p.variants.size(), 2u);
  EXPECT_EQ(p.variants[0].name, "python");
  EXPECT_FALSE(p.variants[0].build_cost);
  EXPECT_EQ(p.variants[1].build_cost, Money::from_dollars(30000));
  EXPECT_EQ(p.reference_case, 1u);
  EXPECT_EQ(p.tiers, (std::map<std::string, std::string>{
                         {"api", "api"}, {"worker", "worker"}, {"function", "function"}}));
  EXPECT_TRUE(p.fixed_services.empty());
  EXPECT_EQ(p.replications, 5);
  EXPECT_DOUBLE_EQ(p.close_margin, 0.15);
  ASSERT_TRUE(p.volumes && p.peaks);
  EXPECT_EQ(p.volumes->from, 1000);
  EXPECT_EQ(p.volumes->to, 1e8);
  EXPECT_EQ(p.peaks->from, 30);
  EXPECT_EQ(p.peaks->to, 90);
}

TEST(PlanSpec, ABareNumberIsOneValueAndAWordIsAOneItemList) {
  auto p = must(parse(with_function(R"(plan:
  architectures: serverless
  function_memory: 1GB
  platforms: aws
  fixed_services: [api, worker]
)")))
               .plan;
  EXPECT_EQ(p.kinds, std::vector<Architecture::Kind>{Architecture::Kind::kServerless});
  EXPECT_EQ(p.function_memory_gib, std::vector<double>{1});
  EXPECT_EQ(p.platforms, std::vector<std::string>{"aws"});
  ASSERT_EQ(p.tasks.size(), 1u);  // serverless sizes no container
  EXPECT_EQ(p.tasks[0].vcpu, 0);
  auto seven = must(parse(kAsyncFlashSale + "plan: {workers: {processes: 7}}\n")).plan;
  EXPECT_EQ(seven.processes.size(), 1u);
  EXPECT_EQ(seven.processes.front(), 7);
}

TEST(PlanSpec, EveryDefaultComesFromTheScenarioAndTheDeploy) {
  auto file = must(parse(kAsyncFlashSale));
  const PlanSpec& p = file.plan;
  EXPECT_EQ(p.kinds, std::vector<Architecture::Kind>{Architecture::Kind::kAsync});
  EXPECT_EQ(p.processes.describe(), "4");  // the scenario's worker processes
  EXPECT_EQ(p.concurrency.describe(), "10");
  ASSERT_EQ(p.tasks.size(), 1u);  // the worker service's deployed size
  EXPECT_EQ(p.tasks[0].describe(), "0.5 vCPU / 1 GiB");
  EXPECT_TRUE(p.function_memory_gib.empty());
  EXPECT_FALSE(p.autoscale_min || p.autoscale_max);
  EXPECT_EQ(p.platforms, (std::vector<std::string>{"aws", "railway"}));
  EXPECT_FALSE(p.budget);
  ASSERT_EQ(p.cases.size(), 1u);
  EXPECT_EQ(p.cases[0].name, "as written");
  EXPECT_FALSE(p.cases[0].inputs.peak_per_second || p.cases[0].inputs.orders_per_month);
  ASSERT_EQ(p.variants.size(), 1u);
  EXPECT_EQ(p.variants[0].name, "as written");
  EXPECT_EQ(p.reference_case, 0u);
  EXPECT_EQ(p.tiers, (std::map<std::string, std::string>{{"api", "api"}, {"worker", "worker"}}));
  EXPECT_TRUE(p.fixed_services.empty());
  EXPECT_EQ(p.replications, 3);
  EXPECT_DOUBLE_EQ(p.close_margin, 0.1);
  EXPECT_FALSE(p.volumes || p.peaks);
}

TEST(PlanSpec, SyncSizesTheApiAndServerlessTheFunction) {
  std::string sync = kAsyncFlashSale;
  sync.replace(sync.find("kind: async"), 11, "kind: sync");
  auto p = must(parse(sync + "plan: {fixed_services: [worker]}\n")).plan;
  EXPECT_EQ(p.processes.describe(), "2");  // the scenario's API processes
  EXPECT_EQ(p.tasks[0].describe(), "0.25 vCPU / 0.5 GiB");
  EXPECT_EQ(p.tiers, (std::map<std::string, std::string>{{"api", "api"}}));

  auto serverless =
      must(parse(with_function("plan: {architectures: [serverless], fixed_services: [api, "
                               "worker]}\n")))
          .plan;
  EXPECT_EQ(serverless.function_memory_gib, std::vector<double>{0.5});  // the scenario's
  EXPECT_EQ(serverless.tasks[0].vcpu, 0);
  EXPECT_EQ(serverless.tiers, (std::map<std::string, std::string>{{"function", "function"}}));
}

TEST(PlanSpec, AutoscalingBoundsDefaultToTheScenariosAndCanVary) {
  auto p = must(parse(kClosedScanner)).plan;
  ASSERT_TRUE(p.autoscale_min && p.autoscale_max);
  EXPECT_EQ(p.autoscale_min->describe(), "1");
  EXPECT_EQ(p.autoscale_max->describe(), "4");
  auto varied = must(parse(kClosedScanner + "plan: {autoscaling: {max: [4, 8]}}\n")).plan;
  EXPECT_EQ(varied.autoscale_min->describe(), "1");
  EXPECT_EQ(varied.autoscale_max->describe(), "[4, 8]");
}

TEST(PlanSpec, BadRangesListsAndValuesAreErrorsAtTheirPlace) {
  auto e = error_of(parse(kAsyncFlashSale + R"(plan:
  workers:
    processes: 40..1
    concurrency: [10, 5]
  function_memory: [512MB]
  tasks: []
  budget: $0
  replications: 0
  close_margin: 150%
  volumes: 5000..5000
  peaks: 90/s..30/s
  platforms: [aws, azure]
  referense: x
)"));
  EXPECT_THAT(e, HasSubstr("plan.yaml:22:16: plan.workers.processes: the range 40..1 is "
                           "reversed, so empty: write the lower end first (1..40)"));
  EXPECT_THAT(e, HasSubstr("plan.yaml:23:23: plan.workers.concurrency[1]: a list is written in "
                           "ascending order without repeats: 5 comes after 10"));
  EXPECT_THAT(e, HasSubstr("plan.yaml:24:20: plan.function_memory: function memory applies to "
                           "serverless only; the architectures searched are async"));
  EXPECT_THAT(e, HasSubstr("plan.yaml:25:10: plan.tasks: an empty list leaves nothing to "
                           "search"));
  EXPECT_THAT(e, HasSubstr("plan.yaml:26:11: plan.budget: must be above $0 a month"));
  EXPECT_THAT(e, HasSubstr("plan.yaml:27:17: plan.replications: expected a whole number from 1 "
                           "to 100, got 0"));
  EXPECT_THAT(e, HasSubstr("plan.yaml:28:17: plan.close_margin: expected a fraction from 0 to 1"));
  EXPECT_THAT(e, HasSubstr("plan.yaml:29:12: plan.volumes: the range is empty: its two ends are "
                           "the same"));
  EXPECT_THAT(e, HasSubstr("plan.yaml:30:10: plan.peaks: the range is reversed: write the lower "
                           "end first"));
  EXPECT_THAT(e, HasSubstr("plan.yaml:31:20: plan.platforms[1]: unknown platform `azure` "
                           "(expected one of aws, railway, render, heroku, digitalocean)"));
  EXPECT_THAT(e, HasSubstr("plan.yaml:32:3: plan.referense: unknown field (did you mean "
                           "`reference`?)"));
}

TEST(PlanSpec, OutOfBoundsValuesNameTheBound) {
  auto e = error_of(parse(kAsyncFlashSale + R"(plan:
  workers: {processes: 0..100001, concurrency: [1, 1000001]}
  function_memory: [64MB]
  architectures: [async, serverless, async]
)"));
  EXPECT_THAT(e, HasSubstr("plan.yaml:21:24: plan.workers.processes: expected a whole number "
                           "from 1 to 100000, a range like 1..10 or an ascending list, got "
                           "\"0\""));
  EXPECT_THAT(e, HasSubstr("plan.workers.processes: expected a whole number from 1 to 100000, a "
                           "range like 1..10 or an ascending list, got \"100001\""));
  EXPECT_THAT(e, HasSubstr("plan.yaml:21:52: plan.workers.concurrency[1]: expected a whole "
                           "number from 1 to 1000000"));
  EXPECT_THAT(e, HasSubstr("plan.yaml:22:21: plan.function_memory[0]: function memory must be "
                           "128MB to 10240MB, got \"64MB\""));
  EXPECT_THAT(e, HasSubstr("plan.yaml:23:38: plan.architectures[2]: `async` is listed twice"));
}

TEST(PlanSpec, CasesAndVariantsMustBeNamedOnceAndFitTheScenario) {
  auto e = error_of(parse(kAsyncFlashSale + R"(plan:
  cases:
    - {name: high, peak: 60/s}
    - {name: high, users: 10}
    - {peak: 60/s}
  variants:
    - {name: go, work: 60s, build_cost: -5}
  reference: hihg
)"));
  EXPECT_THAT(e, HasSubstr("plan.yaml:23:14: plan.cases[1].name: a second case named `high`: "
                           "names must be unique"));
  EXPECT_THAT(e, HasSubstr("plan.yaml:23:27: plan.cases[1].users: the scenario's traffic is open "
                           "(a rate): users need closed traffic; vary peak instead"));
  EXPECT_THAT(e, HasSubstr("plan.yaml:24:7: plan.cases[2]: every case needs a name, like {name: "
                           "high, ...}"));
  EXPECT_THAT(e, HasSubstr("plan.yaml:26:24: plan.variants[0].work: the scenario has no CPU work "
                           "(architecture.workers.cpu) it could change"));
  EXPECT_THAT(e, HasSubstr("plan.yaml:26:41: plan.variants[0].build_cost: must not be negative"));
  EXPECT_THAT(e, HasSubstr("plan.yaml:27:14: plan.reference: unknown case `hihg` (did you mean "
                           "`high`?)"));
}

// A case is applied over a variant: an input both state would make every
// variant run the case's value, so the choice between them would be empty.
TEST(PlanSpec, AnInputStatedByBothACaseAndAVariantIsAnError) {
  auto e = error_of(parse(kAsyncFlashSale + R"(plan:
  cases:
    - {name: slow, service_time: 4s}
  variants:
    - {name: old, service_time: 3s}
    - {name: new, service_time: 1s}
)"));
  EXPECT_THAT(e, HasSubstr("plan.variants: `service_time` is stated by variant `old` and by case "
                           "`slow`: the case would replace the variant's value"));
  EXPECT_TRUE(parse(kAsyncFlashSale + R"(plan:
  cases:
    - {name: busy, peak: 60/s}
  variants:
    - {name: old, service_time: 3s}
    - {name: new, service_time: 1s}
)")
                  .ok());
}

TEST(PlanSpec, OverridesThatTheClosedScannerCannotTakeAreErrors) {
  auto e = error_of(parse(kClosedScanner + R"(plan:
  architectures: [sync, async]
  cases:
    - {name: busy, peak: 60/s, service_time: 2s, build_cost: $1}
  peaks: 30/s..90/s
  autoscaling: {min: 3, max: 2}
)"));
  EXPECT_THAT(e, HasSubstr("plan.yaml:18:26: plan.cases[0].peak: the scenario's traffic is "
                           "closed (users): a peak rate needs open traffic"));
  EXPECT_THAT(e, HasSubstr("plan.yaml:18:46: plan.cases[0].service_time: the scenario has no "
                           "dependency (architecture.dependency) whose service time it could "
                           "change"));
  EXPECT_THAT(e, HasSubstr("plan.yaml:18:50: plan.cases[0].build_cost: unknown field"));
  EXPECT_THAT(e, HasSubstr("plan.yaml:19:10: plan.peaks: the scenario's traffic is closed "
                           "(users): peak flip points need open traffic"));
  EXPECT_THAT(e, HasSubstr("plan.yaml:20:16: plan.autoscaling: no choice of min (3) is at most a "
                           "choice of max (2)"));
}

TEST(PlanSpec, DimensionsTheSearchedArchitecturesLackAreErrors) {
  auto e = error_of(parse(kAsyncFlashSale + R"(plan:
  architectures: [sync, serverless]
  workers: {concurrency: [5, 10]}
  autoscaling: {max: 5..10}
)"));
  EXPECT_THAT(e, HasSubstr("plan.yaml:22:26: plan.workers.concurrency: concurrency applies to "
                           "async workers only; the architectures searched are sync, serverless"));
  EXPECT_THAT(e, HasSubstr("plan.yaml:23:16: plan.autoscaling: the scenario has no autoscaling"));
  // The join, on the same file: no function deployed, a worker nobody simulates.
  EXPECT_THAT(e, HasSubstr("plan.yaml:21:18: plan: simulated tier `function` (serverless) has no "
                           "deployed function: add deploy.function"));
  EXPECT_THAT(e, HasSubstr("plan.yaml:17:14: deploy.services: `worker` is not simulated by any "
                           "tier (api): list it in plan.fixed_services if it is billed as "
                           "deployed"));
}

TEST(PlanSpec, ATopLevelTypoIsReportedOnceNotByEachReader) {
  auto e = error_of(parse(kAsyncFlashSale + "plna: {budget: $5}\n"));
  EXPECT_EQ(e, "plan.yaml:20:1: plna: unknown field (did you mean `plan`?)");
}

TEST(PlanSpec, EveryReadersErrorsComeTogetherInFileOrder) {
  std::string text = kAsyncFlashSale + "plan: {budget: nothing}\n";
  text.replace(text.find("accept_p95: 200ms"), 17, "accept_p95: soon");
  text.replace(text.find("orders_per_month: 100000"), 24, "orders_per_month: many");
  auto e = error_of(parse(text));
  const size_t scenario = e.find("plan.yaml:11:15: targets.accept_p95:");
  const size_t cost = e.find("plan.yaml:19:21: usage.orders_per_month:");
  const size_t plan = e.find("plan.yaml:20:16: plan.budget:");
  ASSERT_NE(scenario, std::string::npos) << e;
  ASSERT_NE(cost, std::string::npos) << e;
  ASSERT_NE(plan, std::string::npos) << e;
  EXPECT_LT(scenario, cost);
  EXPECT_LT(cost, plan);
}

// 3 services (api, orders-worker, frontend) and a function; 23 lines.
const std::string kRenamedServices = R"(name: renamed
traffic:
  rate: 48/s
  duration: 60s
architecture:
  kind: async
  workers: { processes: 4, concurrency: 10 }
  dependency: { slots: 5, service_time: 3s }
targets:
  drain_after_peak: 60s
deploy:
  services:
    - {name: api, vcpu: 0.25, memory: 512MB}
    - {name: orders-worker, vcpu: 0.5, memory: 1GB}
    - {name: frontend, vcpu: 0.25, memory: 512MB}
  function: {memory: 512MB, duration: 3s}
)";

TEST(PlanSpec, ATierWithoutServiceAndAServiceWithoutTierAreErrorsNamingBoth) {
  auto e = error_of(parse(kRenamedServices));
  EXPECT_THAT(e, HasSubstr("plan.yaml:1:1: plan: simulated tier `worker` (async) has no deployed "
                           "service `worker`: add it to deploy.services or map it with "
                           "plan.tiers"));
  EXPECT_THAT(e, HasSubstr("plan.yaml:14:14: deploy.services: `orders-worker` is not simulated by "
                           "any tier (api, worker): list it in plan.fixed_services if it is "
                           "billed as deployed"));
  EXPECT_THAT(e, HasSubstr("plan.yaml:15:14: deploy.services: `frontend` is not simulated"));
  EXPECT_THAT(e, HasSubstr("plan.yaml:16:13: deploy.function: no architecture searched (async) "
                           "runs a function: add serverless to plan.architectures or remove "
                           "deploy.function"));
  EXPECT_THAT(e, Not(HasSubstr("tier `api`")));
}

TEST(PlanSpec, TiersMapToRenamedServicesAndFixedServicesAreBilledAsDeployed) {
  auto file = must(parse(kRenamedServices + R"(plan:
  architectures: [async, serverless]
  tiers: {worker: orders-worker}
  fixed_services: [frontend]
)"));
  EXPECT_EQ(file.plan.tiers,
            (std::map<std::string, std::string>{
                {"api", "api"}, {"function", "function"}, {"worker", "orders-worker"}}));
  EXPECT_EQ(file.plan.fixed_services, std::vector<std::string>{"frontend"});
  EXPECT_EQ(file.plan.tasks[0].describe(), "0.5 vCPU / 1 GiB");  // orders-worker's size
}

TEST(PlanSpec, BadTierMappingsAndFixedServicesAreErrors) {
  auto e = error_of(parse(kRenamedServices + R"(plan:
  architectures: [async, serverless]
  tiers: {worker: api, function: fn, queue: q}
  fixed_services: [frontent, orders-worker, api]
)"));
  EXPECT_THAT(e, HasSubstr("plan.yaml:19:19: plan.tiers.worker: simulated tiers `api` and "
                           "`worker` both run on deployed service `api`"));
  EXPECT_THAT(e, HasSubstr("plan.yaml:19:34: plan.tiers.function: the function tier runs on "
                           "deploy.function"));
  EXPECT_THAT(e, HasSubstr("plan.yaml:19:38: plan.tiers.queue: unknown field"));
  EXPECT_THAT(e, HasSubstr("plan.yaml:20:20: plan.fixed_services[0]: unknown deployed service "
                           "`frontent` (did you mean `frontend`?)"));
  EXPECT_THAT(e, HasSubstr("plan.yaml:20:45: plan.fixed_services[2]: `api` runs simulated tier "
                           "`api`, which the plan sizes"));
  auto unsearched = error_of(parse(kAsyncFlashSale + "plan: {tiers: {function: fn}}\n"));
  EXPECT_THAT(unsearched, HasSubstr("plan.yaml:20:26: plan.tiers.function: no architecture "
                                    "searched (async) has a `function` tier"));
}

TEST(PlanSpec, APlanNeedsADeploy) {
  std::string text = kAsyncFlashSale;
  text.erase(text.find("deploy:"), text.find("usage:") - text.find("deploy:"));
  EXPECT_THAT(error_of(parse(text)),
              HasSubstr("plan.yaml:1:1: deploy: missing section: the planner bills every "
                        "configuration it considers from deploy.services"));
}

TEST(PlanSpec, AFileIsReadWithItsPathInErrorsAndItsDirectoryForSamples) {
  test::TempDir dir;
  test::write_file(dir.file("payments.txt"), "2.9s\n3.1s\n");
  std::string text = kAsyncFlashSale +
                     "plan: {cases: [{name: measured, service_time: "
                     "empirical(payments.txt)}]}\n";
  test::write_file(dir.file("plan.yaml"), text);
  auto file = must(load_plan_file(dir.file("plan.yaml")));
  EXPECT_EQ(file.path, dir.file("plan.yaml"));
  ASSERT_TRUE(file.plan.cases[0].inputs.service_time);
  EXPECT_EQ(file.plan.cases[0].inputs.service_time->mean(), Duration::seconds(3));

  text.replace(text.find("payments.txt"), 12, "missing.txt");
  test::write_file(dir.file("plan.yaml"), text);
  EXPECT_THAT(error_of(load_plan_file(dir.file("plan.yaml"))),
              HasSubstr(dir.file("plan.yaml") + ":20:47: plan.cases[0].service_time:"));
}

TEST(PlanSpec, ABadFileIsAnErrorNotACrash) {
  EXPECT_THAT(error_of(load_plan_file("/nonexistent/plan.yaml")), HasSubstr("plan.yaml"));
  EXPECT_THAT(error_of(parse("plan: [\n")), HasSubstr("plan.yaml:"));
  EXPECT_THAT(error_of(parse("- 1\n")), HasSubstr("plan.yaml:1:1: expected a mapping of fields"));
  EXPECT_THAT(error_of(parse(kAsyncFlashSale + "plan: [1, 2]\n")),
              HasSubstr("plan.yaml:20:7: plan: expected a mapping of fields"));
}

}  // namespace
}  // namespace stackplan::plan
