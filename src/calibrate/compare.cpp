#include "calibrate/compare.h"

#include <algorithm>
#include <cmath>
#include <functional>

#include "calibrate/fit.h"

namespace stackplan::calibrate {
namespace {

double ms(Duration d) { return static_cast<double>(d.ns()) / 1e6; }

double quantile_ms(const Histogram& h, double q) {
  return static_cast<double>(h.quantile(q)) / 1e6;
}

// The mean of one figure over the replications.
double mean_of(const std::vector<sim::SimResult>& results,
               const std::function<double(const sim::SimResult&)>& figure) {
  double sum = 0;
  for (const auto& r : results) sum += figure(r);
  return results.empty() ? 0 : sum / static_cast<double>(results.size());
}

double peak_backlog(const sim::SimResult& r) {
  uint64_t peak = 0;
  for (const auto& row : r.timeline) peak = std::max(peak, row.visible + row.in_flight);
  return static_cast<double>(peak);
}

}  // namespace

std::optional<double> FigureRow::relative_error() const {
  if (measured == 0) return std::nullopt;
  return (predicted - measured) / measured;
}

bool FigureRow::within(double tolerance) const {
  double difference = std::abs(predicted - measured);
  return difference <= slack || difference <= tolerance * std::abs(measured);
}

bool Comparison::within(double tolerance) const {
  return std::all_of(rows.begin(), rows.end(),
                     [&](const FigureRow& row) { return row.within(tolerance); });
}

Comparison compare(const MeasuredRun& measured, const std::vector<sim::SimResult>& predicted,
                   Duration metrics_interval) {
  Comparison c;
  const double seconds = measured.traffic_time.seconds_f();
  auto add = [&](std::string name, std::string unit, double m,
                 const std::function<double(const sim::SimResult&)>& figure, double slack) {
    c.rows.push_back({std::move(name), std::move(unit), m, mean_of(predicted, figure), slack});
  };
  constexpr double kOneEvent = 1;
  // Two runs of one service on a shared machine differ by scheduling noise of
  // this order (a thread woken late, a page fault), so latencies this close
  // are not told apart: a 0.3 ms miss on a 2.5 ms p95 is not a model error.
  constexpr double kLatencySlackMs = 1.0;
  add(
      "requests", "", static_cast<double>(measured.requests),
      [](const sim::SimResult& r) { return static_cast<double>(r.requests.requests); }, kOneEvent);
  add(
      "throughput", "req/s", seconds > 0 ? static_cast<double>(measured.requests) / seconds : 0,
      [&](const sim::SimResult& r) {
        return seconds > 0 ? static_cast<double>(r.requests.requests) / seconds : 0;
      },
      0);
  add(
      "failures", "", static_cast<double>(measured.failures),
      [](const sim::SimResult& r) { return static_cast<double>(r.requests.failures); }, kOneEvent);
  add(
      "p50 latency", "ms", ms(measured.latency_p50),
      [](const sim::SimResult& r) { return quantile_ms(r.requests.latency_ns, 0.50); },
      kLatencySlackMs);
  add(
      "p95 latency", "ms", ms(measured.latency_p95),
      [](const sim::SimResult& r) { return quantile_ms(r.requests.latency_ns, 0.95); },
      kLatencySlackMs);
  add(
      "p99 latency", "ms", ms(measured.latency_p99),
      [](const sim::SimResult& r) { return quantile_ms(r.requests.latency_ns, 0.99); },
      kLatencySlackMs);
  const bool queued = !predicted.empty() && predicted.front().resources.messages > 0;
  if (!queued) return c;
  add(
      "accepted", "", static_cast<double>(measured.successes),
      [](const sim::SimResult& r) { return static_cast<double>(r.orders.accepted); }, kOneEvent);
  const ServiceSignals& signals = measured.signals;
  const double interval_s = metrics_interval.seconds_f();
  if (!signals.backlog.empty()) {
    double peak = 0;
    for (const BacklogPoint& p : signals.backlog) peak = std::max(peak, p.backlog);
    add("peak backlog", "", peak, peak_backlog, kOneEvent);
    if (auto drain = measured_drain_time(signals, measured.traffic_time))
      add(
          "time to drain", "s", drain->seconds_f(),
          [](const sim::SimResult& r) { return r.queue.drain_time.seconds_f(); }, interval_s);
  }
  if (signals.redeliveries)
    add(
        "redeliveries", "", *signals.redeliveries,
        [](const sim::SimResult& r) { return static_cast<double>(r.orders.redeliveries); },
        kOneEvent);
  if (signals.duplicates_refused)
    add(
        "duplicate charges", "", *signals.duplicates_refused,
        // Copies that reached the dependency after their order was paid: the
        // service refuses them; the model charges or refuses them.
        [](const sim::SimResult& r) {
          return static_cast<double>(r.orders.duplicates + r.orders.duplicates_refused);
        },
        kOneEvent);
  return c;
}

}  // namespace stackplan::calibrate
