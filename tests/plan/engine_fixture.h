// A small plan for the engine's tests (candidates, evaluator, search): a
// flash sale short enough that a simulation takes milliseconds, built by
// hand from inline YAML and a PlanSpec filled in code.
#pragma once

#include <string>

#include "cost/catalog.h"
#include "cost/cost_scenario.h"
#include "plan/plan_spec.h"
#include "scenario/scenario.h"
#include "support/files.h"
#include "support/must.h"

namespace stackplan::plan::testing {

// Open traffic: 2/s, then 20/s for 15 s, 30 s in all. Each async worker
// process pays 5 orders at once (5 slots x 1 s): 5 orders/s a process, so 4
// processes keep up with the peak and fewer leave a backlog to drain.
inline const char* kFlashSaleYaml = R"(
name: small-flash-sale
traffic:
  spike: {baseline: 2/s, rate: 20/s, at: 5s, for: 15s}
  duration: 30s
architecture:
  kind: async
  api: {accept_latency: 50ms}
  queue: {receive_batch: 10, visibility_timeout: 30s}
  workers: {processes: 1, concurrency: 5}
  dependency: {name: payment, slots: 5, scope: per_process, service_time: 1s}
  function: {memory: 512MB, concurrency_limit: 100, invoke: async}
targets:
  accept_p95: 200ms
  drain_after_peak: 10s
deploy:
  region: us-east-1
  platforms: [aws, railway]
  services:
    - {name: api, vcpu: 0.25, memory: 512MB, count: 1}
    - {name: worker, vcpu: 0.25, memory: 512MB, count: 1}
  function: {memory: 512MB, duration: 1s}
  queue: {}
  exclude: {railway: [queue]}
usage:
  orders_per_month: 100000
)";

inline const cost::Catalog& repo_catalog() {
  static const cost::Catalog catalog =
      test::must(cost::Catalog::load_directory(test::source_path("catalog")));
  return catalog;
}

// The file as the parser would give it, with the plan's defaults: async
// only, 1..8 processes, concurrency 5, one task size, one case, on aws.
inline PlanFile plan_file(const std::string& yaml = kFlashSaleYaml) {
  PlanFile f;
  f.path = "inline.yaml";
  f.scenario = test::must(parse_scenario_text(yaml, "inline.yaml"));
  f.cost = test::must(cost::parse_cost_scenario(yaml, "inline.yaml"));
  PlanSpec& p = f.plan;
  p.kinds = {Architecture::Kind::kAsync};
  p.processes = IntChoices::range(1, 8);
  p.concurrency = IntChoices::single(5);
  p.tasks = {TaskSize{0.25, 0.5}};
  p.function_memory_gib = {0.5};
  p.platforms = {"aws"};
  p.cases = {NamedInputs{"as written", {}, std::nullopt}};
  p.variants = {NamedInputs{"as written", {}, std::nullopt}};
  p.tiers = {{"api", "api"}, {"worker", "worker"}, {"function", "function"}};
  return f;
}

inline NamedInputs case_at(const std::string& name, double peak,
                           std::optional<int64_t> orders_per_month = std::nullopt) {
  NamedInputs n;
  n.name = name;
  n.inputs.peak_per_second = peak;
  if (orders_per_month) n.inputs.orders_per_month = cost::Quantity::units(*orders_per_month);
  return n;
}

}  // namespace stackplan::plan::testing
