#include "plan/evaluate.h"

#include <fmt/format.h>

#include <cmath>
#include <utility>

#include "core/units.h"
#include "cost/usage.h"
#include "sim/capacity.h"
#include "sim/simulator.h"

namespace stackplan::plan {
namespace {

// The capacity model is a fluid approximation: it leaves out the randomness
// of arrivals and the service time of the last orders, both of which only
// make the simulated figure worse, but also rounding in its segments. A
// candidate is pruned only when the model's figure is beyond the limit by
// this factor, so that pruning never discards what a simulation would pass
// (brute force without pruning must give the same answer).
constexpr double kPruneMargin = 1.5;
// ... and by this much more, so that a zero limit is not decided on the
// model's rounding.
constexpr Duration kPruneSlack = Duration::seconds(1);

// A run whose backlog passes this many live orders cannot meet any target
// worth planning for; stopping it bounds a run's memory (about 85 bytes an
// order) to under 100 MB per thread.
constexpr size_t kMaxLiveRequests = 1'000'000;

std::string describe_optional(const std::optional<Distribution>& d) {
  return d ? d->describe() : "-";
}

// Everything that changes the simulation of a candidate in a case: not the
// platform, not the month's volume, not the task's memory, and the task's
// vCPU only where there is CPU work for it to speed up.
std::string simulation_key(const PlanFile& file, const Candidate& c, const InputOverrides& in) {
  const bool cpu_bound = file.scenario.architecture.cpu.has_value();
  double vcpu = 0;
  if (cpu_bound && c.kind != Architecture::Kind::kServerless && c.task < file.plan.tasks.size())
    vcpu = file.plan.tasks[c.task].vcpu;
  Candidate simulated = c;
  simulated.task = 0;
  return fmt::format("{}|vcpu{:.6f}|peak{}|users{}|st{}|work{}|pat{}", simulated.key(), vcpu,
                     in.peak_per_second ? fmt::format("{:.9g}", *in.peak_per_second) : "-",
                     in.users ? std::to_string(*in.users) : "-", describe_optional(in.service_time),
                     describe_optional(in.work),
                     in.patience ? std::to_string(in.patience->ns()) : "-");
}

// Frees a histogram's buckets (30 KB each) and leaves it reading as empty:
// count() 0, quantiles 0. A moved-from vector is empty; a moved-from
// histogram that never recorded has count 0, so it takes the place of `h`.
void drop_histogram(Histogram& h) {
  Histogram never_recorded;
  Histogram buckets_elsewhere(std::move(never_recorded));
  h = std::move(never_recorded);  // NOLINT(bugprone-use-after-move): its emptied state is the point
}

CaseFigures figures_of(const sim::SimResult& r) {
  CaseFigures f;
  f.accepted = r.orders.accepted;
  f.completed = r.orders.completed;
  f.abandoned = r.orders.abandoned;
  f.failed = r.orders.failed;
  f.duplicates = r.orders.duplicates;
  auto quantile = [](const Histogram& h, double q) -> std::optional<Duration> {
    if (h.count() == 0) return std::nullopt;
    return Duration::nanoseconds(static_cast<int64_t>(h.quantile(q)));
  };
  f.accept_p95 = quantile(r.requests.latency_ns, 0.95);
  f.accept_p99 = quantile(r.requests.latency_ns, 0.99);
  f.order_p95 = quantile(r.orders.latency_ns, 0.95);
  f.drained = r.queue.drained;
  f.drain_time = r.queue.drain_time;
  f.peak_backlog = r.queue.peak_visible + r.queue.peak_in_flight;
  f.accepted_per_second = r.traffic_time.ns() > 0
                              ? static_cast<double>(r.orders.accepted) / r.traffic_time.seconds_f()
                              : 0;
  return f;
}

bool all_met(const std::vector<sim::TargetCheck>& checks) {
  for (const auto& t : checks)
    if (!t.met) return false;
  return true;
}

bool any_close(const std::vector<sim::TargetCheck>& checks, double margin) {
  for (const auto& t : checks)
    if (auto excess = t.relative_excess(); excess && std::fabs(*excess) <= margin) return true;
  return false;
}

// The least time any request takes to be answered, whatever the number of
// processes, where it is certain: a constant accept latency (async), or a
// sync request's constant dependency call. Unset where a request can be
// answered sooner (a customer's patience, a distribution with a lower tail).
std::optional<Duration> latency_floor(const Scenario& s) {
  const Architecture& a = s.architecture;
  if (s.traffic.patience) return std::nullopt;
  const Distribution* d = nullptr;
  if (a.kind == Architecture::Kind::kAsync)
    d = &a.accept_latency;
  else if (a.kind == Architecture::Kind::kSync && a.dependency)
    d = &a.dependency->service_time;
  if (!d || d->kind() != Distribution::Kind::kConstant) return std::nullopt;
  return d->mean();
}

// A target the capacity model proves out of reach, as the check a run would
// have failed; none when the model cannot prove it.
struct ProvenMiss {
  sim::TargetCheck check;
  std::string reason;
};

sim::TargetCheck missed(const char* name, Duration limit, Duration estimate) {
  return {name,  format_duration(limit),          format_duration(estimate),
          false, static_cast<double>(limit.ns()), static_cast<double>(estimate.ns())};
}

std::optional<ProvenMiss> proven_miss(const Scenario& s) {
  const sim::CapacityEstimate e = sim::estimate_capacity(s);
  auto beyond = [](Duration estimate, Duration limit, Duration slack = kPruneSlack) {
    return estimate.seconds_f() > limit.seconds_f() * kPruneMargin + slack.seconds_f();
  };
  const Targets& t = s.targets;
  if (t.drain_after_peak && e.drain_after_traffic_end &&
      beyond(*e.drain_after_traffic_end, *t.drain_after_peak))
    return ProvenMiss{
        missed("drain_after_peak", *t.drain_after_peak, *e.drain_after_traffic_end),
        fmt::format("the capacity model drains the backlog {} after traffic ends, more than {:g}x "
                    "the {} drain_after_peak target: the offered load is above what this "
                    "configuration can serve",
                    format_duration(*e.drain_after_traffic_end), kPruneMargin,
                    format_duration(*t.drain_after_peak))};
  if (s.architecture.kind == Architecture::Kind::kSync && t.accept_p95 &&
      e.saturated_response_time && beyond(*e.saturated_response_time, *t.accept_p95))
    return ProvenMiss{
        missed("accept_p95", *t.accept_p95, *e.saturated_response_time),
        fmt::format("the capacity model's saturated response time is {}, more than {:g}x the {} "
                    "accept_p95 target: the users queue behind too few processes",
                    format_duration(*e.saturated_response_time), kPruneMargin,
                    format_duration(*t.accept_p95))};
  if (auto floor = latency_floor(s))
    for (const auto& [name, limit] :
         {std::pair{"accept_p95", t.accept_p95}, std::pair{"accept_p99", t.accept_p99}})
      if (limit && beyond(*floor, *limit, Duration()))  // an exact bound: no slack
        return ProvenMiss{
            missed(name, *limit, *floor),
            fmt::format("every request takes at least {} to be answered, more than {:g}x the {} "
                        "{} target, whatever the number of processes",
                        format_duration(*floor), kPruneMargin, format_duration(*limit), name)};
  return std::nullopt;
}

// What the bill needs from a run, histograms dropped.
sim::SimResult usage_source_of(sim::SimResult run) {
  drop_histogram(run.requests.latency_ns);
  drop_histogram(run.orders.latency_ns);
  run.timeline.clear();
  run.timeline.shrink_to_fit();
  return run;
}

}  // namespace

Evaluator::Evaluator(const PlanFile& file, const cost::Catalog& catalog, EvaluatorOptions options)
    : file_(file), catalog_(catalog), options_(options) {}

bool Evaluator::stopped() const {
  if (options_.stop && options_.stop->load()) return true;
  std::lock_guard lock(mutex_);
  return limit_reached_;
}

std::string Evaluator::stopped_because() const {
  if (options_.stop && options_.stop->load()) return "interrupted";
  std::lock_guard lock(mutex_);
  return limit_reached_ ? fmt::format("--max-simulations {} reached", options_.max_simulations)
                        : std::string();
}

EvaluatorStats Evaluator::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

Result<CaseOutcome> Evaluator::evaluate(const Candidate& candidate, const NamedInputs& inputs) {
  const std::string key =
      options_.cache ? simulation_key(file_, candidate, inputs.inputs) : std::string();
  {
    std::lock_guard lock(mutex_);
    ++stats_.evaluations;
    if (options_.cache)
      if (auto it = cache_.find(key); it != cache_.end()) {
        ++stats_.cache_hits;
        CaseOutcome hit = *it->second;
        hit.case_name = inputs.name;
        return hit;
      }
  }
  // Stopped: not even the capacity model runs, so the search winds down at once.
  if (stopped()) return Error("the search was stopped before this candidate: " + stopped_because());
  auto applied = apply(file_, candidate, inputs.inputs);
  if (!applied) return applied.error();
  const Scenario& scenario = applied->scenario;

  CaseOutcome outcome;
  outcome.case_name = inputs.name;
  if (options_.prune)
    if (auto miss = proven_miss(scenario)) {
      outcome.pruned = true;
      outcome.pruned_because = std::move(miss->reason);
      outcome.targets.push_back(std::move(miss->check));
      std::lock_guard lock(mutex_);
      ++stats_.pruned;
      if (options_.cache) cache_.emplace(key, std::make_shared<const CaseOutcome>(outcome));
      return outcome;
    }

  auto reserve_run = [this]() -> Status {
    if (options_.stop && options_.stop->load())
      return Error("the search was interrupted before this simulation");
    std::lock_guard lock(mutex_);
    if (options_.max_simulations > 0 && stats_.simulations >= options_.max_simulations) {
      limit_reached_ = true;
      return Error(fmt::format("--max-simulations {} reached", options_.max_simulations));
    }
    ++stats_.simulations;
    return Status::Ok();
  };

  const uint64_t seed = scenario.simulation.seed;
  sim::SimOptions sim_options{
      .seed = seed, .timeline = false, .max_live_requests = kMaxLiveRequests};
  if (Status st = reserve_run(); !st) return Error(st.message());
  auto first = sim::simulate(scenario, sim_options);
  if (!first) {
    // The simulator's only failure on a valid scenario is the bound on live
    // orders: the backlog outgrew it, which no target survives.
    outcome.failed_because = first.error().message();
    outcome.runs = 1;
    std::lock_guard lock(mutex_);
    if (options_.cache) cache_.emplace(key, std::make_shared<const CaseOutcome>(outcome));
    return outcome;
  }
  outcome.runs = 1;
  outcome.figures = figures_of(*first);
  outcome.targets = sim::check_targets(scenario.targets, *first);
  const int replications = file_.plan.replications;
  bool replicated = false;
  if (replications > 1 && any_close(outcome.targets, file_.plan.close_margin)) {
    // Near a limit one seed does not decide: judge on the mean of the runs.
    std::vector<sim::SimResult> runs;
    runs.reserve(static_cast<size_t>(replications));
    runs.push_back(*first);
    for (int i = 1; i < replications; ++i) {
      if (Status st = reserve_run(); !st) return Error(st.message());
      sim_options.seed = seed + static_cast<uint64_t>(i);
      auto run = sim::simulate(scenario, sim_options);
      if (!run) {
        outcome.failed_because = run.error().message();
        outcome.runs = i + 1;
        break;
      }
      runs.push_back(std::move(*run));
    }
    if (outcome.failed_because.empty()) {
      outcome.runs = replications;
      outcome.targets = sim::check_targets(scenario.targets, runs);
    }
    replicated = true;
  }
  outcome.meets_targets = outcome.failed_because.empty() && all_met(outcome.targets);
  outcome.usage_source = usage_source_of(std::move(*first));

  std::lock_guard lock(mutex_);
  if (replicated) ++stats_.replicated;
  if (options_.cache) cache_.emplace(key, std::make_shared<const CaseOutcome>(outcome));
  return outcome;
}

Result<cost::Bill> Evaluator::price(const Candidate& candidate, const NamedInputs& inputs,
                                    const CaseOutcome& outcome, const std::string& platform,
                                    std::optional<cost::Quantity> orders_per_month) const {
  auto applied = apply(file_, candidate, inputs.inputs);
  if (!applied) return applied.error();
  if (orders_per_month) applied->usage.orders = orders_per_month;
  cost::Usage usage = applied->usage;
  if (outcome.runs > 0 && outcome.failed_because.empty()) {
    // The simulator counts task time per tier; the bill per deployed service.
    sim::SimResult source = outcome.usage_source;
    std::map<std::string, double> by_service;
    // A fixed fleet is paid for all month whatever the volume: its simulated
    // hours, scaled by orders, would bill it for as many windows as the
    // month's orders fill, and past a month's hours when a volume is probed
    // beyond what the case's traffic carries. Only autoscaled workers bill
    // their simulated hours (the bill takes the larger of those and the
    // minimum all month).
    const bool autoscaled = applied->scenario.architecture.kind == Architecture::Kind::kAsync &&
                            applied->scenario.architecture.autoscaling.enabled;
    std::erase_if(source.resources.task_seconds, [&](const auto& tier_seconds) {
      return !(autoscaled && tier_seconds.first == "worker");
    });
    for (const auto& [tier, seconds] : source.resources.task_seconds) {
      auto it = file_.plan.tiers.find(tier);
      by_service[it == file_.plan.tiers.end() ? tier : it->second] += seconds;
    }
    source.resources.task_seconds = std::move(by_service);
    auto month = catalog_.fact("conventions", "hours_per_month", applied->deploy.region, "hour");
    if (!month) return month.error();
    auto scaled = cost::usage_from_sim(source, applied->usage, *month);
    if (!scaled) return Error(fmt::format("{}: {}", platform, scaled.error().message()));
    usage = std::move(*scaled);
  }
  // Not simulated (pruned or stopped by its backlog): the stated usage, with
  // every service at its deployed count.
  return cost::build_bill(catalog_, applied->deploy, usage, platform);
}

}  // namespace stackplan::plan
