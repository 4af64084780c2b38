#include "calibrate/fit.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/units.h"

namespace stackplan::calibrate {
namespace {

std::string count_text(double n) { return fmt::format("{:.0f}", n); }

// The rate at which a saturated sync service answers: successes per second
// once every user has started, the last (partial) second left out. The whole
// run's average when too short for that.
double sync_ceiling_rate(const Scenario& model, const MeasuredRun& run) {
  const ClosedTraffic& closed = model.traffic.closed;
  size_t ramp =
      model.traffic.model == Traffic::Model::kClosed && closed.spawn_rate > 0
          ? static_cast<size_t>(std::ceil(static_cast<double>(closed.users) / closed.spawn_rate))
          : 0;
  const auto& per_second = run.successes_per_second;
  if (per_second.size() > ramp + 2) {
    double sum = 0;
    size_t n = 0;
    for (size_t s = ramp; s + 1 < per_second.size(); ++s, ++n)
      sum += static_cast<double>(per_second[s]);
    return sum / static_cast<double>(n);
  }
  double seconds = run.traffic_time.seconds_f();
  return seconds > 0 ? static_cast<double>(run.successes) / seconds : 0;
}

void fit_service_time(Fit& fit, Dependency& dependency, const ServiceSignals& signals) {
  const auto& observed = signals.service_time;
  if (!observed || observed->count < static_cast<double>(kMinCompletions)) {
    fit.notes.push_back(fmt::format(
        "dependency.service_time: the service exports no service-time histogram with at least "
        "{} calls; kept the scenario's {}",
        kMinCompletions, dependency.service_time.describe()));
    return;
  }
  const std::string calls = fmt::format("{} calls", count_text(observed->count));
  bool constant = observed->p99_in_mean_bucket ||
                  observed->p99.seconds_f() <= observed->mean.seconds_f() * kConstantSpread;
  if (!constant) {
    auto lognormal = Distribution::lognormal(observed->mean, observed->p99);
    if (lognormal) {
      dependency.service_time = *lognormal;
      fit.fields.push_back(
          {"architecture.dependency.service_time",
           fmt::format("lognormal(mean={}, p99={})", duration_text(observed->mean),
                       duration_text(observed->p99)),
           fmt::format("the service's call-time histogram: mean and p99 over {}", calls),
           {}});
      return;
    }
    fit.notes.push_back(
        fmt::format("dependency.service_time: {}; fitted a constant", lognormal.error().message()));
  }
  dependency.service_time = Distribution::constant(observed->mean);
  fit.fields.push_back(
      {"architecture.dependency.service_time",
       duration_text(observed->mean),
       fmt::format("the service's call-time histogram: mean over {}{}", calls,
                   observed->p99_in_mean_bucket ? ", p99 in the mean's bucket" : ""),
       {}});
}

// Little's law: calls at once = completion rate x service time. Only a
// saturated dependency shows its slot count: a draining backlog always is (a
// worker with room takes the next order at once); a sync run is when the
// calls at once come near the scenario's slots, or when requests took
// clearly longer than one call (they queued for a slot).
void fit_slots(Fit& fit, Dependency& dependency, const Architecture& arch, double rate,
               const std::string& rate_source, bool saturated) {
  double mean_s = dependency.service_time.mean().seconds_f();
  double processes =
      dependency.scope == Dependency::Scope::kPerProcess
          ? static_cast<double>(arch.kind == Architecture::Kind::kSync ? arch.api_processes
                                                                       : arch.worker_processes)
          : 1;
  double at_once = rate * mean_s / processes;
  if (!(at_once > 0)) return;
  if (!saturated && at_once < kSaturatedShare * static_cast<double>(dependency.slots)) {
    fit.notes.push_back(fmt::format(
        "dependency.slots: at most {:.1f} calls at once (a {}, x {} service) is below the "
        "scenario's {} slots: the run did not saturate them, so it only shows there are at "
        "least {:.0f}; kept {}",
        at_once, rate_source, format_duration(dependency.service_time.mean()), dependency.slots,
        std::ceil(at_once - 0.05), dependency.slots));
    return;
  }
  int64_t slots = std::max<int64_t>(1, std::llround(at_once));
  dependency.slots = slots;
  fit.fields.push_back(
      {"architecture.dependency.slots",
       std::to_string(slots),
       fmt::format("{} x {} service = {:.2f} calls at once{}", rate_source,
                   format_duration(dependency.service_time.mean()), at_once,
                   processes > 1 ? fmt::format(" per process ({:.0f})", processes) : ""),
       {}});
}

void fit_accept_latency(Fit& fit, Architecture& arch, const MeasuredRun& run) {
  Duration mean = run.latency_mean, p99 = run.latency_p99;
  std::string source = fmt::format("the load run's {} answers: mean {}, p99 {}", run.successes,
                                   duration_text(mean), duration_text(p99));
  // The whole measured distribution where it was kept: a sub-millisecond
  // accept latency is too skewed for two moments to describe.
  if (!run.latency_quantiles.empty()) {
    if (auto empirical = Distribution::empirical(run.latency_quantiles)) {
      arch.accept_latency = *empirical;
      fit.fields.push_back(
          {"architecture.api.accept_latency",
           fmt::format(
               "empirical({} quantiles of the measured latency{})", run.latency_quantiles.size(),
               run.quantiles_interpolated ? ", interpolated between the saved percentiles" : ""),
           source, run.latency_quantiles});
      return;
    }
  }
  if (p99.seconds_f() > mean.seconds_f() * kAcceptConstantSpread) {
    if (auto lognormal = Distribution::lognormal(mean, p99)) {
      arch.accept_latency = *lognormal;
      fit.fields.push_back(
          {"architecture.api.accept_latency",
           fmt::format("lognormal(mean={}, p99={})", duration_text(mean), duration_text(p99)),
           source,
           {}});
      return;
    }
  }
  arch.accept_latency = Distribution::constant(mean);
  fit.fields.push_back({"architecture.api.accept_latency", duration_text(mean), source, {}});
}

}  // namespace

std::string duration_text(Duration d) {
  return fmt::format("{:.3f}ms", static_cast<double>(d.ns()) / 1e6);
}

std::optional<DrainRate> measured_drain_rate(const ServiceSignals& signals, Duration traffic_time) {
  const BacklogPoint* start = nullptr;
  const BacklogPoint* end = nullptr;
  for (const BacklogPoint& p : signals.backlog) {
    if (p.at < traffic_time) continue;
    if (!start) start = &p;
    end = &p;
    if (p.backlog <= 0) break;
  }
  if (!start || end == start || !(start->backlog > end->backlog)) return std::nullopt;
  const double seconds = (end->at - start->at).seconds_f();
  if (!(seconds > 0)) return std::nullopt;  // scrapes saved with the same time
  if (start->calls && end->calls && *end->calls > *start->calls)
    return DrainRate{(*end->calls - *start->calls) / seconds, true};
  return DrainRate{(start->backlog - end->backlog) / seconds, false};
}

std::optional<Duration> measured_drain_time(const ServiceSignals& signals, Duration traffic_time) {
  for (const BacklogPoint& p : signals.backlog)
    if (p.at >= traffic_time && p.backlog <= 0) return p.at - traffic_time;
  return std::nullopt;
}

Result<Fit> fit_scenario(const Scenario& model, const MeasuredRun& run) {
  if (run.requests > 0 && run.successes == 0)
    return Error(fmt::format(
        "the service answered none of {} requests with a 2xx status ({} failed): there is "
        "nothing to fit; check the URL, the path and the service's log",
        run.requests, run.failures));
  if (run.successes < kMinCompletions)
    return Error(fmt::format(
        "the run completed {} requests, fewer than the {} a fit needs: run the traffic longer "
        "or with more users",
        run.successes, kMinCompletions));
  Fit fit;
  fit.scenario = model;
  Architecture& arch = fit.scenario.architecture;
  if (arch.dependency) fit_service_time(fit, *arch.dependency, run.signals);
  if (arch.kind == Architecture::Kind::kAsync) fit_accept_latency(fit, arch, run);
  if (!arch.dependency) return fit;
  if (arch.kind == Architecture::Kind::kSync) {
    const double rate = sync_ceiling_rate(model, run);
    const bool queued = run.latency_mean.seconds_f() >
                        kQueuedLatency * arch.dependency->service_time.mean().seconds_f();
    fit_slots(fit, *arch.dependency, arch, rate, fmt::format("ceiling of {:.2f} answers/s", rate),
              queued);
  } else if (auto rate = measured_drain_rate(run.signals, run.traffic_time)) {
    fit_slots(fit, *arch.dependency, arch, rate->per_second,
              fmt::format("drain of {:.2f} {}/s", rate->per_second,
                          rate->counts_calls ? "calls" : "orders"),
              true);
  } else {
    fit.notes.push_back(fmt::format(
        "dependency.slots: no drain was measured (no backlog metric, or the backlog never "
        "fell); kept the scenario's {}",
        arch.dependency->slots));
  }
  return fit;
}

}  // namespace stackplan::calibrate
