#include "plan/candidate.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>

#include "engine_fixture.h"

namespace stackplan::plan {
namespace {

using testing::plan_file;

const cost::Service* service(const cost::Deploy& d, const std::string& name) {
  auto it = std::find_if(d.services.begin(), d.services.end(),
                         [&](const cost::Service& s) { return s.name == name; });
  return it == d.services.end() ? nullptr : &*it;
}

Candidate async_candidate(int64_t processes, int64_t concurrency = 5) {
  Candidate c;
  c.kind = Architecture::Kind::kAsync;
  c.processes = processes;
  c.concurrency = concurrency;
  return c;
}

TEST(PlanCandidate, AsyncSizesTheWorkersInTheScenarioAndTheDeploy) {
  PlanFile f = plan_file();
  f.plan.tasks = {TaskSize{0.25, 0.5}, TaskSize{1, 2}};
  Candidate c = async_candidate(7, 10);
  c.task = 1;
  Applied a = test::must(apply(f, c, {}));
  EXPECT_EQ(a.scenario.architecture.kind, Architecture::Kind::kAsync);
  EXPECT_EQ(a.scenario.architecture.worker_processes, 7);
  EXPECT_EQ(a.scenario.architecture.worker_concurrency, 10);
  const cost::Service* worker = service(a.deploy, "worker");
  ASSERT_NE(worker, nullptr);
  EXPECT_EQ(worker->count, 7);
  EXPECT_DOUBLE_EQ(worker->vcpu, 1);
  EXPECT_DOUBLE_EQ(worker->memory_gib, 2);
  // The API is deployed as written; the queue is billed; no function.
  ASSERT_NE(service(a.deploy, "api"), nullptr);
  EXPECT_EQ(service(a.deploy, "api")->count, 1);
  EXPECT_TRUE(a.deploy.queue.has_value());
  EXPECT_FALSE(a.deploy.function.has_value());
}

TEST(PlanCandidate, SyncSizesTheApiAndDropsWorkerAndQueue) {
  PlanFile f = plan_file();
  Candidate c;
  c.kind = Architecture::Kind::kSync;
  c.processes = 3;
  Applied a = test::must(apply(f, c, {}));
  EXPECT_EQ(a.scenario.architecture.kind, Architecture::Kind::kSync);
  EXPECT_EQ(a.scenario.architecture.api_processes, 3);
  ASSERT_NE(service(a.deploy, "api"), nullptr);
  EXPECT_EQ(service(a.deploy, "api")->count, 3);
  EXPECT_EQ(service(a.deploy, "worker"), nullptr);
  EXPECT_FALSE(a.deploy.queue.has_value());
  EXPECT_FALSE(a.deploy.function.has_value());
}

TEST(PlanCandidate, ServerlessBillsOnlyTheFunctionAtItsMemory) {
  PlanFile f = plan_file();
  Candidate c;
  c.kind = Architecture::Kind::kServerless;
  c.function_memory_gib = 1;
  Applied a = test::must(apply(f, c, {}));
  EXPECT_EQ(a.scenario.architecture.kind, Architecture::Kind::kServerless);
  EXPECT_DOUBLE_EQ(a.scenario.architecture.function.memory_gb, 1);
  ASSERT_TRUE(a.deploy.function.has_value());
  EXPECT_DOUBLE_EQ(a.deploy.function->memory_gib, 1);
  EXPECT_TRUE(a.deploy.services.empty());
  EXPECT_FALSE(a.deploy.queue.has_value());
}

TEST(PlanCandidate, TiersMapToTheirDeployedServices) {
  PlanFile f = plan_file();
  f.cost.deploy.services[1].name = "payments";
  f.plan.tiers["worker"] = "payments";
  Applied a = test::must(apply(f, async_candidate(4), {}));
  ASSERT_NE(service(a.deploy, "payments"), nullptr);
  EXPECT_EQ(service(a.deploy, "payments")->count, 4);
  // A sized tier whose service is missing is an error naming both.
  f.plan.tiers["worker"] = "nowhere";
  auto missing = apply(f, async_candidate(4), {});
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message().find("\"worker\""), std::string::npos);
  EXPECT_NE(missing.error().message().find("\"nowhere\""), std::string::npos);
}

TEST(PlanCandidate, PeakScalesTheRateCurveSoItsHighestSegmentIsThePeak) {
  PlanFile f = plan_file();
  Applied a = test::must(apply(f, async_candidate(1), testing::case_at("high", 40).inputs));
  double highest = 0, lowest = 1e9;
  for (const auto& seg : a.scenario.traffic.open.segments) {
    highest = std::max(highest, seg.per_second);
    lowest = std::min(lowest, seg.per_second);
  }
  EXPECT_DOUBLE_EQ(highest, 40);
  EXPECT_DOUBLE_EQ(lowest, 4);  // the 2/s baseline, scaled by the same 2x
}

TEST(PlanCandidate, EachOverrideReachesItsField) {
  PlanFile f = plan_file();
  InputOverrides in;
  in.service_time = Distribution::constant(Duration::milliseconds(700));
  in.patience = Duration::seconds(9);
  in.orders_per_month = cost::Quantity::units(250000);
  Applied a = test::must(apply(f, async_candidate(1), in));
  EXPECT_EQ(a.scenario.architecture.dependency->service_time.mean(), Duration::milliseconds(700));
  EXPECT_EQ(a.scenario.traffic.patience, Duration::seconds(9));
  EXPECT_EQ(a.usage.orders, cost::Quantity::units(250000));
  // The file's own values are untouched.
  EXPECT_EQ(f.scenario.architecture.dependency->service_time.mean(), Duration::seconds(1));
  EXPECT_EQ(f.cost.usage.orders, cost::Quantity::units(100000));
}

TEST(PlanCandidate, OverridesThatDoNotFitTheScenarioAreErrors) {
  PlanFile f = plan_file();
  InputOverrides users;
  users.users = 10;
  EXPECT_FALSE(apply(f, async_candidate(1), users).ok());  // open traffic
  InputOverrides work;
  work.work = Distribution::constant(Duration::seconds(60));
  EXPECT_FALSE(apply(f, async_candidate(1), work).ok());  // no cpu work

  PlanFile closed = plan_file(R"(
name: closed
traffic: {users: 5, spawn_rate: 5/s, duration: 10s}
architecture: {kind: sync, dependency: {slots: 2, service_time: 100ms}}
deploy: {services: [{name: api, vcpu: 0.25, memory: 512MB}]}
)");
  Candidate sync;
  sync.kind = Architecture::Kind::kSync;
  EXPECT_FALSE(apply(closed, sync, testing::case_at("peak", 30).inputs).ok());
  Applied a = test::must(apply(closed, sync, users));
  EXPECT_EQ(a.scenario.traffic.closed.users, 10);
}

TEST(PlanCandidate, CpuWorkRunsOnTheTaskVcpuAndVariantsApplyBeforeCases) {
  PlanFile f = plan_file(R"(
name: scans
traffic: {rate: 1/s, duration: 20s}
architecture:
  kind: async
  workers: {processes: 1, concurrency: 1, cpu: {work: 2s, vcpu: 1}}
deploy: {services: [{name: api, vcpu: 0.25, memory: 512MB}, {name: worker, vcpu: 1, memory: 2GB}]}
)");
  f.plan.tasks = {TaskSize{0.5, 1}, TaskSize{2, 4}};
  f.plan.variants = {NamedInputs{"python", {}, std::nullopt}, NamedInputs{"go", {}, std::nullopt}};
  f.plan.variants[1].inputs.work = Distribution::constant(Duration::milliseconds(600));
  Candidate c = async_candidate(2, 1);
  c.task = 1;
  c.variant = 1;
  Applied a = test::must(apply(f, c, {}));
  EXPECT_DOUBLE_EQ(a.scenario.architecture.cpu->vcpu, 2);
  EXPECT_EQ(a.scenario.architecture.cpu->work.mean(), Duration::milliseconds(600));
  InputOverrides slower;
  slower.work = Distribution::constant(Duration::seconds(1));
  Applied b = test::must(apply(f, c, slower));
  EXPECT_EQ(b.scenario.architecture.cpu->work.mean(), Duration::seconds(1));
}

TEST(PlanCandidate, AutoscalingPairsReplaceTheProcessCount) {
  PlanFile f = plan_file();
  f.scenario.architecture.autoscaling.enabled = true;
  Candidate c = async_candidate(1);
  c.autoscale_min = 2;
  c.autoscale_max = 6;
  Applied a = test::must(apply(f, c, {}));
  EXPECT_EQ(a.scenario.architecture.autoscaling.min_processes, 2);
  EXPECT_EQ(a.scenario.architecture.autoscaling.max_processes, 6);
  EXPECT_EQ(service(a.deploy, "worker")->count, 2);  // the minimum runs all month

  f.plan.autoscale_min = IntChoices::range(1, 3);
  f.plan.autoscale_max = IntChoices::list({2, 5});
  EXPECT_EQ(autoscale_pairs(f.plan), 2u + 3u);  // (1,2) (2,2); (1,5) (2,5) (3,5)
  EXPECT_EQ(count_candidates(f.plan), 5u);
}

TEST(PlanCandidate, CountMultipliesEachKindsDimensionsAndSaturates) {
  PlanSpec spec = plan_file().plan;
  spec.kinds = {Architecture::Kind::kAsync, Architecture::Kind::kSync,
                Architecture::Kind::kServerless};
  spec.concurrency = IntChoices::list({5, 10});
  spec.tasks = {TaskSize{0.25, 0.5}, TaskSize{0.5, 1}};
  spec.function_memory_gib = {0.5, 1};
  spec.variants.resize(2);
  // (async 8 x 2 x 2 + sync 8 x 2 + serverless 2) x 2 variants
  EXPECT_EQ(count_candidates(spec), (32u + 16u + 2u) * 2u);
  spec.processes = IntChoices::range(1, std::numeric_limits<int64_t>::max() - 1);
  spec.concurrency = IntChoices::list({1, 2, 3, 4});
  EXPECT_EQ(count_candidates(spec), std::numeric_limits<uint64_t>::max());
}

TEST(PlanCandidate, KeysTellCandidatesApartAndDescriptionsNameTheChoice) {
  PlanSpec spec = plan_file().plan;
  EXPECT_EQ(async_candidate(3).key(), async_candidate(3).key());
  EXPECT_NE(async_candidate(3).key(), async_candidate(4).key());
  EXPECT_LT(async_candidate(9).key(), async_candidate(10).key());
  EXPECT_EQ(async_candidate(7, 10).describe(spec),
            "async, 7 processes x 10 concurrency, 0.25 vCPU / 0.5 GiB");
}

}  // namespace
}  // namespace stackplan::plan
