// The `plan:` section: what the planner may vary, the cases every answer must
// hold in, and the budget. Syntax and defaults: plan_spec.h and
// docs/SCENARIOS.md. Value readers (ranges, lists) are in plan_spec.cpp.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "cost/bill.h"
#include "cost/deploy_parser.h"
#include "plan/plan_section.h"
#include "scenario/traffic_parser.h"

namespace stackplan::plan {
namespace {

using Kind = Architecture::Kind;

// Bounds as the architecture and traffic sections have them.
constexpr int64_t kMaxProcesses = 100000;
constexpr int64_t kMaxConcurrency = 1000000;
constexpr int64_t kMaxAutoscaleMin = 100000;
constexpr int64_t kMaxUsers = 10'000'000;
constexpr int64_t kMaxReplications = 100;
constexpr int64_t kMostOrdersPerMonth = 1'000'000'000;
constexpr double kMaxTaskVcpu = 1024;
constexpr const char* kAsWritten = "as written";

bool searches(const PlanSpec& spec, Kind kind) {
  return std::find(spec.kinds.begin(), spec.kinds.end(), kind) != spec.kinds.end();
}

std::string kinds_text(const PlanSpec& spec) {
  std::string out;
  for (Kind k : spec.kinds) out += (out.empty() ? "" : ", ") + std::string(kind_name(k));
  return out;
}

std::vector<Kind> read_kinds(MapReader& m) {
  std::vector<Kind> kinds;
  for (const auto& item : read_words(m, "architectures", "[async, serverless]")) {
    std::optional<Kind> kind;
    for (Kind k : {Kind::kSync, Kind::kAsync, Kind::kServerless})
      if (item.text == kind_name(k)) kind = k;
    if (!kind)
      fail_at(m, item.node, item.field,
              fmt::format("expected one of sync | async | serverless, got \"{}\"", item.text));
    else if (std::find(kinds.begin(), kinds.end(), *kind) != kinds.end())
      fail_at(m, item.node, item.field, fmt::format("`{}` is listed twice", item.text));
    else
      kinds.push_back(*kind);
  }
  return kinds;
}

std::vector<TaskSize> read_tasks(MapReader& m) {
  std::vector<TaskSize> tasks;
  if (YAML::Node listed = m.raw("tasks"); listed.IsSequence() && listed.size() == 0)
    m.fail("tasks", "an empty list leaves nothing to search; give at least one size");
  for (auto& t : m.list_of_maps("tasks")) {
    TaskSize size;
    size.vcpu = t.number("vcpu", 0, kMaxTaskVcpu).value_or(0);
    if (size.vcpu <= 0 && !t.has("vcpu")) t.fail("", "missing vcpu, like {vcpu: 0.5, memory: 1GB}");
    if (size.vcpu <= 0 && t.has("vcpu")) t.fail("vcpu", "needs a positive vcpu, like 0.25");
    if (auto text = t.string("memory")) {
      auto gib = parse_memory_gib(*text);
      if (!gib)
        t.fail("memory", gib.error().message());
      else if (*gib <= 0)
        t.fail("memory", "needs a positive memory size, like 512MB");
      else
        size.memory_gib = *gib;
    } else {
      t.fail("", "missing memory, like {vcpu: 0.5, memory: 1GB}");
    }
    t.finish();
    const bool repeated = std::any_of(tasks.begin(), tasks.end(), [&](const TaskSize& o) {
      return o.vcpu == size.vcpu && o.memory_gib == size.memory_gib;
    });
    if (repeated && size.vcpu > 0 && size.memory_gib > 0)
      t.fail("", fmt::format("{} is listed twice", size.describe()));
    else
      tasks.push_back(size);
  }
  return tasks;
}

// Checks an override against the scenario it changes; `what` is "case" or
// "variant".
NamedInputs read_named(MapReader m, const char* what, bool variant, const Scenario* scenario,
                       std::set<std::string>& names) {
  NamedInputs n;
  if (auto name = m.string("name"); name && !name->empty()) {
    n.name = *name;
    if (!names.insert(*name).second)
      m.fail("name", fmt::format("a second {} named `{}`: names must be unique", what, *name));
  } else {
    m.fail(m.has("name") ? "name" : "",
           fmt::format("every {} needs a name, like {{name: high, ...}}", what));
  }
  const bool closed = scenario && scenario->traffic.model == Traffic::Model::kClosed;
  if (auto rate = m.rate("peak")) {
    if (rate->per_second < kSlowestRatePerSecond || rate->per_second > kFastestRatePerSecond)
      m.fail("peak", fmt::format("expected a peak from {:g}/s to {:g}/s", kSlowestRatePerSecond,
                                 kFastestRatePerSecond));
    else if (closed)
      m.fail("peak",
             "the scenario's traffic is closed (users): a peak rate needs open traffic (rate, "
             "steps, spike, daily or orders_per_month); vary users instead");
    else
      n.inputs.peak_per_second = rate->per_second;
  }
  if (auto users = m.integer("users", 1, kMaxUsers)) {
    if (scenario && !closed)
      m.fail("users",
             "the scenario's traffic is open (a rate): users need closed traffic; vary peak "
             "instead");
    else
      n.inputs.users = *users;
  }
  if (auto d = m.distribution("service_time")) {
    if (scenario && !scenario->architecture.dependency)
      m.fail("service_time",
             "the scenario has no dependency (architecture.dependency) whose service time it "
             "could change");
    else
      n.inputs.service_time = *d;
  }
  if (auto d = m.distribution("work")) {
    if (scenario && !scenario->architecture.cpu)
      m.fail("work", "the scenario has no CPU work (architecture.workers.cpu) it could change");
    else
      n.inputs.work = *d;
  }
  n.inputs.patience = m.duration("patience");
  if (auto orders = cost::read_whole_count(m, "orders_per_month")) {
    if (orders->is_zero() || *orders > cost::Quantity::units(kMostOrdersPerMonth))
      m.fail("orders_per_month", fmt::format("expected 1 to {} orders per month",
                                             group_thousands(kMostOrdersPerMonth)));
    else
      n.inputs.orders_per_month = *orders;
  }
  if (variant) {
    n.build_cost = cost::read_money(m, "build_cost");
    if (n.build_cost && *n.build_cost < Money()) m.fail("build_cost", "must not be negative");
  }
  m.finish();
  return n;
}

// A case is applied over a variant, so an input both state would silently
// replace the variant's value in that case (every variant would then run
// the case's): refused, naming both.
void refuse_inputs_in_both(MapReader& m, const PlanSpec& spec) {
  using Field = std::pair<const char*, bool (*)(const InputOverrides&)>;
  static const Field kFields[] = {
      {"peak", [](const InputOverrides& i) { return i.peak_per_second.has_value(); }},
      {"users", [](const InputOverrides& i) { return i.users.has_value(); }},
      {"service_time", [](const InputOverrides& i) { return i.service_time.has_value(); }},
      {"work", [](const InputOverrides& i) { return i.work.has_value(); }},
      {"patience", [](const InputOverrides& i) { return i.patience.has_value(); }},
      {"orders_per_month", [](const InputOverrides& i) { return i.orders_per_month.has_value(); }},
  };
  for (const auto& [name, states] : kFields) {
    const NamedInputs* variant = nullptr;
    const NamedInputs* case_ = nullptr;
    for (const auto& v : spec.variants)
      if (!variant && states(v.inputs)) variant = &v;
    for (const auto& c : spec.cases)
      if (!case_ && states(c.inputs)) case_ = &c;
    if (variant && case_)
      m.fail("variants", fmt::format("`{}` is stated by variant `{}` and by case `{}`: the case "
                                     "would replace the variant's value; state it in one of them",
                                     name, variant->name, case_->name));
  }
}

std::vector<NamedInputs> read_named_list(MapReader& m, const std::string& key, const char* what,
                                         bool variant, const Scenario* scenario) {
  std::vector<NamedInputs> out;
  if (YAML::Node listed = m.raw(key); listed.IsSequence() && listed.size() == 0)
    m.fail(key, fmt::format("an empty list; give at least one {}, or leave {} out", what, key));
  std::set<std::string> names;
  for (auto& item : m.list_of_maps(key))
    out.push_back(read_named(item, what, variant, scenario, names));
  if (out.empty()) out.push_back({kAsWritten, {}, std::nullopt});
  return out;
}

void read_tiers(MapReader m, PlanSpec& spec) {
  std::set<std::string> searched;
  for (Kind k : spec.kinds)
    for (const auto& tier : tiers_of(k)) searched.insert(tier);
  for (const char* tier : {"api", "worker", "function"}) {
    auto service = m.string(tier);
    if (service && service->empty()) {
      m.fail(tier, "needs the name of a deployed service");
    } else if (service && !searched.count(tier)) {
      m.fail(tier,
             fmt::format("no architecture searched ({}) has a `{}` tier", kinds_text(spec), tier));
    } else if (service && std::string(tier) == "function" && *service != "function") {
      m.fail(tier,
             "the function tier runs on deploy.function: map it to `function` or leave "
             "it out");
    } else if (service) {
      spec.tiers[tier] = *service;
    }
  }
  m.finish();
  for (const auto& tier : searched) spec.tiers.emplace(tier, tier);
}

void read_reference(MapReader& m, PlanSpec& spec) {
  auto name = m.string("reference");
  if (!name) return;
  for (size_t i = 0; i < spec.cases.size(); ++i)
    if (spec.cases[i].name == *name) {
      spec.reference_case = i;
      return;
    }
  std::vector<std::string> names;
  for (const auto& c : spec.cases) names.push_back(c.name);
  m.fail("reference", unknown_name_message("case", *name, names));
}

const cost::Service* deployed(const cost::CostScenario& cost, const std::string& name) {
  for (const auto& s : cost.deploy.services)
    if (s.name == name) return &s;
  return nullptr;
}

// What the file leaves out: the scenario's own values.
void fill_defaults(PlanSpec& spec, const Scenario& scenario, const cost::CostScenario& cost,
                   bool has_processes, bool has_concurrency, bool has_function_memory,
                   bool has_autoscaling) {
  const Architecture& a = scenario.architecture;
  const bool async = searches(spec, Kind::kAsync), sync = searches(spec, Kind::kSync);
  if (!has_processes)
    spec.processes = IntChoices::single(async ? a.worker_processes : sync ? a.api_processes : 1);
  if (!has_concurrency) spec.concurrency = IntChoices::single(a.worker_concurrency);
  if (spec.tasks.empty()) {
    TaskSize size;
    if (async || sync) {
      if (const auto* s = deployed(cost, spec.tiers.at(async ? "worker" : "api")))
        size = {s->vcpu, s->memory_gib};
    }
    spec.tasks.push_back(size);
  }
  if (!has_function_memory && searches(spec, Kind::kServerless))
    spec.function_memory_gib = {a.function.memory_gb};
  if (!has_autoscaling && a.autoscaling.enabled) {
    spec.autoscale_min = IntChoices::single(a.autoscaling.min_processes);
    spec.autoscale_max = IntChoices::single(a.autoscaling.max_processes);
  }
  if (spec.platforms.empty()) spec.platforms = cost.deploy.platforms;
  if (spec.platforms.empty()) spec.platforms = {"aws"};
}

void read_autoscaling(MapReader& plan, PlanSpec& spec, const Scenario* scenario) {
  if (!plan.has("autoscaling")) {
    plan.raw("autoscaling");
    return;
  }
  MapReader m = plan.map("autoscaling");
  auto min = read_int_choices(m, "min", 0, kMaxAutoscaleMin);
  auto max = read_int_choices(m, "max", 1, kMaxProcesses);
  m.finish();
  if (scenario && !scenario->architecture.autoscaling.enabled) {
    plan.fail("autoscaling",
              "the scenario has no autoscaling (architecture.autoscaling) whose bounds it "
              "could vary");
    return;
  }
  if (!searches(spec, Kind::kAsync)) {
    plan.fail("autoscaling", fmt::format("autoscaling applies to async workers only; the "
                                         "architectures searched are {}",
                                         kinds_text(spec)));
    return;
  }
  const Autoscaling fallback = scenario ? scenario->architecture.autoscaling : Autoscaling{};
  spec.autoscale_min = min.value_or(IntChoices::single(fallback.min_processes));
  spec.autoscale_max = max.value_or(IntChoices::single(fallback.max_processes));
  if (spec.autoscale_min->front() > spec.autoscale_max->back())
    plan.fail("autoscaling",
              fmt::format("no choice of min ({}) is at most a choice of max ({})",
                          spec.autoscale_min->describe(), spec.autoscale_max->describe()));
}

}  // namespace

PlanSpec read_plan_section(MapReader m, const Scenario* scenario, const cost::CostScenario* cost) {
  PlanSpec spec;
  spec.kinds = read_kinds(m);
  if (spec.kinds.empty()) spec.kinds = {scenario ? scenario->architecture.kind : Kind::kAsync};
  const bool async = searches(spec, Kind::kAsync), sync = searches(spec, Kind::kSync);
  const bool serverless = searches(spec, Kind::kServerless);

  MapReader workers = m.map("workers");
  auto processes = read_int_choices(workers, "processes", 1, kMaxProcesses);
  auto concurrency = read_int_choices(workers, "concurrency", 1, kMaxConcurrency);
  workers.finish();
  if (processes && !async && !sync)
    workers.fail("processes", fmt::format("no architecture searched ({}) has processes to vary",
                                          kinds_text(spec)));
  if (concurrency && !async)
    workers.fail("concurrency", fmt::format("concurrency applies to async workers only; the "
                                            "architectures searched are {}",
                                            kinds_text(spec)));
  if (processes) spec.processes = *processes;
  if (concurrency) spec.concurrency = *concurrency;

  spec.tasks = read_tasks(m);
  if (m.has("tasks") && !async && !sync)
    m.fail("tasks", "serverless has no container to size (function_memory sizes functions)");
  spec.function_memory_gib = read_function_memory(m, "function_memory");
  if (!spec.function_memory_gib.empty() && !serverless)
    m.fail("function_memory", fmt::format("function memory applies to serverless only; the "
                                          "architectures searched are {}",
                                          kinds_text(spec)));
  read_autoscaling(m, spec, scenario);

  std::set<std::string> platforms;
  for (const auto& item : read_words(m, "platforms", "[aws, railway]")) {
    if (std::find(cost::kPlatforms.begin(), cost::kPlatforms.end(), item.text) ==
        cost::kPlatforms.end())
      fail_at(m, item.node, item.field,
              unknown_name_message("platform", item.text, cost::kPlatforms));
    else if (!platforms.insert(item.text).second)
      fail_at(m, item.node, item.field, fmt::format("`{}` is listed twice", item.text));
    else
      spec.platforms.push_back(item.text);
  }

  spec.budget = cost::read_money(m, "budget");
  if (spec.budget && *spec.budget <= Money()) m.fail("budget", "must be above $0 a month");
  spec.cases = read_named_list(m, "cases", "case", false, scenario);
  spec.variants = read_named_list(m, "variants", "variant", true, scenario);
  refuse_inputs_in_both(m, spec);
  read_reference(m, spec);
  read_tiers(m.map("tiers"), spec);
  std::set<std::string> fixed;
  for (const auto& item : read_words(m, "fixed_services", "[frontend]", true)) {
    if (!fixed.insert(item.text).second)
      fail_at(m, item.node, item.field, fmt::format("`{}` is listed twice", item.text));
    else
      spec.fixed_services.push_back(item.text);
  }
  spec.replications =
      static_cast<int>(m.integer("replications", spec.replications, 1, kMaxReplications));
  spec.close_margin = m.fraction("close_margin").value_or(spec.close_margin);
  spec.volumes = read_volume_range(m, "volumes", kMostOrdersPerMonth);
  spec.peaks = read_rate_range(m, "peaks", kSlowestRatePerSecond, kFastestRatePerSecond);
  if (spec.peaks && scenario && scenario->traffic.model == Traffic::Model::kClosed)
    m.fail("peaks", "the scenario's traffic is closed (users): peak flip points need open traffic");
  m.finish();

  if (scenario && cost)
    fill_defaults(spec, *scenario, *cost, processes.has_value(), concurrency.has_value(),
                  !spec.function_memory_gib.empty(), spec.autoscale_min.has_value());
  return spec;
}

}  // namespace stackplan::plan
