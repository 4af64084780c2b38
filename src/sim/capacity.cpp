#include "sim/capacity.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

#include "core/units.h"

namespace stackplan::sim {
namespace {

constexpr Duration kMonth = Duration::seconds(730 * 3600);  // as AWS prices a month

std::string processes_text(int64_t n) {
  return std::to_string(n) + (n == 1 ? " process" : " processes");
}

// Dependency calls per order: a failed call is retried up to max_attempts,
// so an order costs 1 + p + ... + p^(n-1) calls on average.
double calls_per_order(const Architecture& a) {
  if (!a.dependency) return 0;
  double p = a.dependency->failure_rate;
  double calls = 0, reach = 1;
  for (int64_t i = 0; i < a.retry.max_attempts; ++i, reach *= p) calls += reach;
  return calls;
}

Duration dependency_hold(const Architecture& a) {
  if (!a.dependency) return Duration();
  return Duration::from_seconds(a.dependency->service_time.mean().seconds_f() * calls_per_order(a));
}

// How long one job holds a worker's vCPUs: its work at one vCPU, slowed by
// the share of the process's vCPUs it gets (Amdahl above one vCPU), as the
// simulator schedules it.
Duration cpu_time(const Architecture& a) {
  if (!a.cpu) return Duration();
  double share = a.cpu->vcpu / static_cast<double>(a.worker_concurrency);
  double p = a.cpu->parallel_fraction;
  double speed = share <= 1 ? share : 1 / ((1 - p) + p / share);
  return Duration::from_seconds(a.cpu->work.mean().seconds_f() / speed);
}

std::optional<double> rate(double slots, Duration hold) {
  if (hold.ns() <= 0) return std::nullopt;
  return slots / hold.seconds_f();
}

void add_dependency(const Architecture& a, int64_t pools, std::vector<ComponentCapacity>& out) {
  if (!a.dependency) return;
  const Dependency& d = *a.dependency;
  std::string basis = std::to_string(d.slots) + " slots / " +
                      format_duration(d.service_time.mean()) + " service time";
  if (pools > 1 || d.scope == Dependency::Scope::kPerProcess)
    basis += " x " + processes_text(pools);
  if (calls_per_order(a) > 1)
    basis +=
        ", / " + std::to_string(calls_per_order(a)).substr(0, 5) + " calls per order (retries)";
  out.push_back({d.name, basis, rate(static_cast<double>(d.slots * pools), dependency_hold(a)), 0});
}

std::vector<ComponentCapacity> components_of(const Architecture& a) {
  std::vector<ComponentCapacity> out;
  bool per_process = a.dependency && a.dependency->scope == Dependency::Scope::kPerProcess;
  switch (a.kind) {
    case Architecture::Kind::kSync:
      out.push_back({"api", processes_text(a.api_processes) + ", no concurrency limit modelled",
                     std::nullopt, 0});
      add_dependency(a, per_process ? a.api_processes : 1, out);
      break;
    case Architecture::Kind::kAsync: {
      out.push_back(
          {"api", "accepts and enqueues, no concurrency limit modelled", std::nullopt, 0});
      if (a.queue.receive_latency.ns() > 0)
        out.push_back({"queue receive",
                       std::to_string(a.queue.receive_batch) +
                           (a.queue.receive_batch == 1 ? " message" : " messages") +
                           " per receive / " + format_duration(a.queue.receive_latency) + " x " +
                           processes_text(a.worker_processes),
                       rate(static_cast<double>(a.queue.receive_batch * a.worker_processes),
                            a.queue.receive_latency),
                       0});
      Duration hold = cpu_time(a) + dependency_hold(a);
      std::string basis = std::to_string(a.worker_concurrency) +
                          (a.worker_concurrency == 1 ? " message" : " messages") + " at once / " +
                          format_duration(hold) + " per message x " +
                          processes_text(a.worker_processes);
      out.push_back({"workers", basis,
                     rate(static_cast<double>(a.worker_concurrency * a.worker_processes), hold),
                     0});
      add_dependency(a, per_process ? a.worker_processes : 1, out);
      break;
    }
    case Architecture::Kind::kServerless: {
      Duration hold = a.function.handler_time.mean() + dependency_hold(a);
      out.push_back({"functions",
                     std::to_string(a.function.concurrency_limit) + " instances / " +
                         format_duration(hold) + " per invocation (warm)",
                     rate(static_cast<double>(a.function.concurrency_limit), hold), 0});
      add_dependency(a, 1, out);
      break;
    }
  }
  return out;
}

// The time a client waits for its answer when nothing queues.
Duration unloaded_response(const Architecture& a) {
  switch (a.kind) {
    case Architecture::Kind::kSync:
      return dependency_hold(a);
    case Architecture::Kind::kAsync:
      return a.accept_latency.mean();
    case Architecture::Kind::kServerless:
      if (a.function.async_invoke) return a.accept_latency.mean();
      return a.function.handler_time.mean() + dependency_hold(a);
  }
  return Duration();
}

// The rate schedule as segments. A closed model offers users / (think time +
// response time) from the users' mean start until they stop sending.
std::vector<RateSegment> schedule_of(const Scenario& s, double closed_rate) {
  const Traffic& t = s.traffic;
  if (t.model == Traffic::Model::kOpen) return t.open.segments;
  const ClosedTraffic& c = t.closed;
  // Users start evenly over the ramp (or in batches across it): on average
  // half-way between the first and the last start.
  double ramp = c.spawn_rate > 0 ? (static_cast<double>(c.users) - 1) / c.spawn_rate : 0;
  Duration mean_start = Duration::from_seconds(std::max(0.0, ramp) / 2);
  Duration stop = t.duration - t.run_end_lag;
  std::vector<RateSegment> out;
  if (mean_start.ns() > 0) out.push_back({Duration(), mean_start, 0});
  if (stop > mean_start) out.push_back({mean_start, stop, closed_rate});
  return out;
}

OfferedLoad offered_load(const Scenario& s, const std::vector<RateSegment>& segments,
                         double closed_rate) {
  OfferedLoad o;
  o.closed = s.traffic.model == Traffic::Model::kClosed;
  o.traffic_time = s.traffic.duration;
  for (const RateSegment& seg : segments) {
    o.peak_per_second = std::max(o.peak_per_second, seg.per_second);
    o.orders += seg.per_second * (seg.end - seg.start).seconds_f();
  }
  if (o.closed) o.peak_per_second = closed_rate;
  if (o.traffic_time.ns() > 0) o.mean_per_second = o.orders / o.traffic_time.seconds_f();
  o.month_stated = o.traffic_time == kMonth;
  o.orders_per_month = o.mean_per_second * kMonth.seconds_f();
  return o;
}

// Fluid backlog: orders arrive at each segment's rate and leave at the
// ceiling; after traffic stops the backlog drains at the full ceiling.
void fluid_backlog(const std::vector<RateSegment>& segments, double ceiling, Duration traffic_end,
                   CapacityEstimate& e) {
  double backlog = 0, peak = 0, growth = 0;
  Duration peak_at, drained_at;
  bool drained = true;  // the backlog is empty since the last peak
  for (const RateSegment& seg : segments) {
    double net = seg.per_second - ceiling;
    double length = (seg.end - seg.start).seconds_f();
    growth = std::max(growth, net);
    if (net > 0) {
      backlog += net * length;
      if (backlog > peak) {
        peak = backlog;
        peak_at = seg.end;
        drained = false;
      }
    } else if (backlog > 0) {
      double to_empty = backlog / -net;
      if (to_empty <= length) {
        backlog = 0;
        if (!drained) drained_at = seg.start + Duration::clamped_delay_ns(to_empty * 1e9);
        drained = true;
      } else {
        backlog += net * length;
      }
    }
  }
  // A ceiling near zero drains in longer than any clock holds: clamped to
  // the longest delay (a century), so that the sums below stay representable.
  if (backlog > 0) drained_at = traffic_end + Duration::clamped_delay_ns(backlog / ceiling * 1e9);
  if (peak > 0 && backlog <= 0 && !drained) drained_at = traffic_end;
  e.queue_grows = growth > 0;
  if (!e.queue_grows) return;
  e.growth_per_second = growth;
  e.peak_backlog = peak;
  e.peak_backlog_at = peak_at;
  e.drain_after_peak = drained_at - peak_at;
  e.drain_after_traffic_end = std::max(Duration(), drained_at - traffic_end);
}

void note_limits(const Scenario& s, CapacityEstimate& e) {
  const Architecture& a = s.architecture;
  bool waits_in_request = a.kind == Architecture::Kind::kSync ||
                          (a.kind == Architecture::Kind::kServerless && !a.function.async_invoke);
  if (a.kind == Architecture::Kind::kAsync && a.autoscaling.enabled) {
    Architecture largest = a;
    largest.worker_processes = a.autoscaling.max_processes;
    double ceiling = std::numeric_limits<double>::infinity();
    for (const ComponentCapacity& c : components_of(largest))
      if (c.per_second) ceiling = std::min(ceiling, *c.per_second);
    char at_most[32];
    std::snprintf(at_most, sizeof at_most, "%.3g", ceiling);
    e.cannot_estimate.push_back(
        "the worker fleet autoscales (" + std::to_string(a.autoscaling.min_processes) + " to " +
        std::to_string(a.autoscaling.max_processes) + " processes, up to " + at_most +
        " orders/s at the largest): the capacities above are for the starting fleet, and the "
        "backlog and drain time depend on when tasks start");
  }
  if (s.traffic.patience && waits_in_request)
    e.cannot_estimate.push_back("customers give up after " + format_duration(*s.traffic.patience) +
                                ": the backlog and drain time depend on who leaves");
  if (a.kind == Architecture::Kind::kAsync && a.dependency) {
    // A message a worker holds waits behind the others for a slot; held longer
    // than the visibility timeout, it is delivered again and may be paid twice.
    double slots = static_cast<double>(a.dependency->slots);
    double worst_wait = std::ceil(static_cast<double>(a.worker_concurrency) / slots) *
                        dependency_hold(a).seconds_f();
    if (a.dependency->scope == Dependency::Scope::kPerProcess &&
        worst_wait + cpu_time(a).seconds_f() > a.queue.visibility_timeout.seconds_f())
      e.cannot_estimate.push_back(
          "a held message can wait " + format_duration(Duration::from_seconds(worst_wait)) +
          " for a slot, longer than the " + format_duration(a.queue.visibility_timeout) +
          " visibility timeout: redelivered copies are paid again and take slots, so the "
          "backlog and drain time depend on the redeliveries");
  }
  if (a.kind == Architecture::Kind::kServerless && a.function.async_invoke && e.queue_grows) {
    e.cannot_estimate.push_back(
        "throttled events come back after a backoff of " +
        format_duration(a.function.throttle_retry.backoff) + " to " +
        format_duration(a.function.throttle_retry.max_backoff) +
        ": the backlog waits in the platform's retry queue and drains in bursts");
  }
  if (a.kind == Architecture::Kind::kServerless && !a.function.async_invoke && e.queue_grows)
    e.cannot_estimate.emplace_back(
        "over the concurrency limit synchronous invocations are refused, not queued");
}

}  // namespace

CapacityEstimate estimate_capacity(const Scenario& s) {
  const Architecture& a = s.architecture;
  CapacityEstimate e;
  e.components = components_of(a);
  for (size_t i = 0; i < e.components.size(); ++i) {
    const auto& c = e.components[i];
    if (c.per_second && (!e.bottleneck || *c.per_second < *e.components[*e.bottleneck].per_second))
      e.bottleneck = i;
  }
  if (e.bottleneck) e.ceiling_per_second = e.components[*e.bottleneck].per_second;

  double closed_rate = 0;
  if (s.traffic.model == Traffic::Model::kClosed) {
    Duration cycle = s.traffic.closed.wait.mean() + unloaded_response(a);
    closed_rate = cycle.ns() > 0 ? static_cast<double>(s.traffic.closed.users) / cycle.seconds_f()
                                 : static_cast<double>(s.traffic.closed.users);
  }
  std::vector<RateSegment> segments = schedule_of(s, closed_rate);
  e.offered = offered_load(s, segments, closed_rate);
  double peak = e.offered.peak_per_second;
  e.throughput_at_peak = e.ceiling_per_second ? std::min(peak, *e.ceiling_per_second) : peak;
  for (auto& c : e.components)
    if (c.per_second && *c.per_second > 0) c.utilisation_at_peak = peak / *c.per_second;

  if (e.ceiling_per_second) {
    double ceiling = *e.ceiling_per_second;
    bool waits_in_request = a.kind == Architecture::Kind::kSync ||
                            (a.kind == Architecture::Kind::kServerless && !a.function.async_invoke);
    if (e.offered.closed && waits_in_request) {
      // The users wait for their answers: no backlog beyond them, but each
      // response takes users / ceiling minus the think time (Little's law).
      if (peak > ceiling) {
        double users = static_cast<double>(s.traffic.closed.users);
        e.saturated_response_time =
            Duration::from_seconds(users / ceiling - s.traffic.closed.wait.mean().seconds_f());
      }
    } else {
      fluid_backlog(segments, ceiling, s.traffic.duration, e);
    }
  }
  note_limits(s, e);
  if (!e.cannot_estimate.empty()) {
    e.peak_backlog.reset();
    e.peak_backlog_at.reset();
    e.drain_after_peak.reset();
    e.drain_after_traffic_end.reset();
  }
  return e;
}

}  // namespace stackplan::sim
