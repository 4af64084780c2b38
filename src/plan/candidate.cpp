#include "plan/candidate.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <set>

#include "core/units.h"
#include "plan/plan_section.h"

namespace stackplan::plan {
namespace {

std::string service_of(const PlanSpec& spec, const std::string& tier) {
  auto it = spec.tiers.find(tier);
  return it == spec.tiers.end() ? tier : it->second;
}

Status apply_overrides(const InputOverrides& in, const std::string& label, Scenario& s) {
  if (in.peak_per_second) {
    if (s.traffic.model != Traffic::Model::kOpen)
      return Error(label + ": a peak applies to open traffic (a rate); closed traffic takes users");
    double highest = 0;
    for (const auto& seg : s.traffic.open.segments) highest = std::max(highest, seg.per_second);
    if (highest <= 0)
      return Error(label + ": the traffic has no segment with a positive rate to scale to a peak");
    const double factor = *in.peak_per_second / highest;
    for (auto& seg : s.traffic.open.segments) seg.per_second *= factor;
  }
  if (in.users) {
    if (s.traffic.model != Traffic::Model::kClosed)
      return Error(label + ": users apply to closed traffic; open traffic takes a peak");
    s.traffic.closed.users = *in.users;
  }
  if (in.service_time) {
    if (!s.architecture.dependency)
      return Error(label + ": a service_time needs architecture.dependency in the scenario");
    s.architecture.dependency->service_time = *in.service_time;
  }
  if (in.work) {
    if (!s.architecture.cpu)
      return Error(label + ": work needs architecture.workers.cpu in the scenario");
    s.architecture.cpu->work = *in.work;
  }
  if (in.patience) s.traffic.patience = *in.patience;
  return Status::Ok();
}

// The deployed services and components of the candidate's kind, the sized
// tier at the candidate's size.
Status apply_deploy(const PlanFile& file, const Candidate& c, cost::Deploy& deploy) {
  const PlanSpec& spec = file.plan;
  const std::vector<std::string> tiers = tiers_of(c.kind);
  const std::set<std::string> own_tiers(tiers.begin(), tiers.end());
  std::set<std::string> own_services;
  for (const auto& tier : own_tiers) own_services.insert(service_of(spec, tier));
  std::set<std::string> foreign_services;
  for (const auto& [tier, service] : spec.tiers)
    if (!own_tiers.contains(tier) && !own_services.contains(service))
      foreign_services.insert(service);
  std::erase_if(deploy.services,
                [&](const cost::Service& s) { return foreign_services.contains(s.name); });

  if (c.kind == Architecture::Kind::kServerless) {
    if (!deploy.function)
      return Error("a serverless candidate needs deploy.function to bill its \"function\" tier");
    deploy.function->memory_gib = c.function_memory_gib;
  } else {
    deploy.function.reset();
    const std::string sized_tier = c.kind == Architecture::Kind::kAsync ? "worker" : "api";
    const std::string name = service_of(spec, sized_tier);
    auto it = std::find_if(deploy.services.begin(), deploy.services.end(),
                           [&](const cost::Service& s) { return s.name == name; });
    if (it == deploy.services.end())
      return Error(
          fmt::format("the simulated tier \"{}\" maps to service \"{}\", which deploy does "
                      "not list",
                      sized_tier, name));
    const TaskSize& task = spec.tasks.at(c.task);
    it->vcpu = task.vcpu;
    it->memory_gib = task.memory_gib;
    // With autoscaling the minimum runs all month; the bill adds the
    // simulated hours above it.
    it->count = c.autoscale_max > 0 ? c.autoscale_min : c.processes;
  }
  if (c.kind != Architecture::Kind::kAsync) deploy.queue.reset();
  // The load balancer fronts the containers: with none left (functions
  // behind API Gateway) there is nothing for it to balance.
  if (deploy.services.empty()) deploy.load_balancer = false;
  return Status::Ok();
}

}  // namespace

std::string Candidate::describe(const PlanSpec& spec) const {
  std::string text = kind_name(kind);
  switch (kind) {
    case Architecture::Kind::kAsync:
      if (autoscale_max > 0)
        text += fmt::format(", {}..{} processes (autoscaling)", autoscale_min, autoscale_max);
      else
        text += fmt::format(", {} process{}", processes, processes == 1 ? "" : "es");
      text += fmt::format(" x {} concurrency", concurrency);
      break;
    case Architecture::Kind::kSync:
      text += fmt::format(", {} process{}", processes, processes == 1 ? "" : "es");
      break;
    case Architecture::Kind::kServerless:
      text += fmt::format(", {:g} GiB functions", function_memory_gib);
      break;
  }
  if (kind != Architecture::Kind::kServerless && task < spec.tasks.size())
    text += ", " + spec.tasks[task].describe();
  if (spec.variants.size() > 1 && variant < spec.variants.size())
    text += " (" + spec.variants[variant].name + ")";
  return text;
}

std::string Candidate::key() const {
  // Zero-padded numbers so that the key orders candidates as the numbers do.
  return fmt::format("{}|v{:06}|p{:012}|c{:09}|t{:06}|m{:.6f}|a{:09}-{:09}", kind_name(kind),
                     variant, processes, concurrency, task, function_memory_gib, autoscale_min,
                     autoscale_max);
}

Result<Applied> apply(const PlanFile& file, const Candidate& c, const InputOverrides& case_inputs) {
  const PlanSpec& spec = file.plan;
  Applied out{file.scenario, file.cost.deploy, file.cost.usage};
  Architecture& arch = out.scenario.architecture;
  arch.kind = c.kind;
  switch (c.kind) {
    case Architecture::Kind::kAsync:
      arch.worker_processes = c.processes;
      arch.worker_concurrency = c.concurrency;
      if (arch.autoscaling.enabled && c.autoscale_max > 0) {
        arch.autoscaling.min_processes = c.autoscale_min;
        arch.autoscaling.max_processes = c.autoscale_max;
        arch.worker_processes = c.autoscale_min;
      }
      break;
    case Architecture::Kind::kSync:
      arch.api_processes = c.processes;
      arch.autoscaling.enabled = false;  // the simulator autoscales async workers only
      break;
    case Architecture::Kind::kServerless:
      arch.function.memory_gb = c.function_memory_gib;
      arch.autoscaling.enabled = false;
      // A per-process limit is a semaphore in the service's own code (the
      // flash-sale case's buffered channel), not the provider's: moved into a
      // function, each instance has its own and, handling one event at a
      // time, never waits on it. Enough shared slots for every instance say
      // the same. A global limit is the provider's and stays as written.
      if (arch.dependency && arch.dependency->scope == Dependency::Scope::kPerProcess) {
        arch.dependency->scope = Dependency::Scope::kGlobal;
        arch.dependency->slots = std::max(arch.dependency->slots, arch.function.concurrency_limit);
      }
      break;
  }
  if (c.variant < spec.variants.size()) {
    const NamedInputs& variant = spec.variants[c.variant];
    if (Status st = apply_overrides(variant.inputs, "variant " + variant.name, out.scenario); !st)
      return Error(st.message());
    if (variant.inputs.orders_per_month) out.usage.orders = variant.inputs.orders_per_month;
  }
  if (Status st = apply_overrides(case_inputs, "case", out.scenario); !st)
    return Error(st.message());
  if (case_inputs.orders_per_month) out.usage.orders = case_inputs.orders_per_month;
  if (arch.cpu && c.kind != Architecture::Kind::kServerless && c.task < spec.tasks.size())
    arch.cpu->vcpu = spec.tasks[c.task].vcpu;
  if (Status st = apply_deploy(file, c, out.deploy); !st) return Error(st.message());
  return out;
}

uint64_t count_candidates(const PlanSpec& spec) {
  constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();
  auto times = [](uint64_t a, uint64_t b) -> uint64_t {
    if (a == 0 || b == 0) return 0;
    return a > kMax / b ? kMax : a * b;
  };
  auto plus = [](uint64_t a, uint64_t b) -> uint64_t { return a > kMax - b ? kMax : a + b; };
  uint64_t total = 0;
  for (auto kind : spec.kinds) {
    uint64_t n = 0;
    switch (kind) {
      case Architecture::Kind::kAsync:
        n = times(
            times(autoscale_pairs(spec).value_or(spec.processes.size()), spec.concurrency.size()),
            spec.tasks.size());
        break;
      case Architecture::Kind::kSync:
        n = times(spec.processes.size(), spec.tasks.size());
        break;
      case Architecture::Kind::kServerless:
        n = spec.function_memory_gib.size();
        break;
    }
    total = plus(total, n);
  }
  return times(total, std::max<uint64_t>(spec.variants.size(), 1));
}

std::optional<uint64_t> autoscale_pairs(const PlanSpec& spec) {
  if (!spec.autoscale_min || !spec.autoscale_max) return std::nullopt;
  // Pairs with min <= max; both lists ascend, so count by walking max.
  uint64_t pairs = 0;
  size_t below_or_equal = 0;
  for (size_t j = 0; j < spec.autoscale_max->size(); ++j) {
    const int64_t max = spec.autoscale_max->at(j);
    while (below_or_equal < spec.autoscale_min->size() &&
           spec.autoscale_min->at(below_or_equal) <= max)
      ++below_or_equal;
    pairs += below_or_equal;
  }
  return pairs;
}

}  // namespace stackplan::plan
