#include "calibrate/compare.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <utility>

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

// Latency percentiles of the replications' answers pooled. A mean of each
// replication's percentile would be biased where the distribution thins out
// (a p95 from 300 answers lands above the true p95 more often than below).
double pooled_quantile_ms(const std::vector<sim::SimResult>& results, double q) {
  Histogram pooled;
  for (const auto& r : results) pooled.merge(r.requests.latency_ns);
  return pooled.count() ? quantile_ms(pooled, q) : 0;
}

// The 95% confidence interval of the q-quantile of n answers, as positions
// (0..1) in the measured distribution: the order statistics X_(lo) and X_(hi)
// with P(X_(lo) <= true quantile) >= 97.5% and P(X_(hi) >= it) >= 97.5%, from
// the binomial count of answers below the true quantile. Exact for small n,
// where a p99 rests on one or two answers and the normal approximation is far
// too narrow; the normal approximation beyond.
std::pair<double, double> quantile_interval(double n, double q) {
  constexpr double kTail = 0.025, kZ95 = 1.96;
  constexpr double kExactUpTo = 100'000;  // answers: an O(n) sum stays cheap
  if (n > kExactUpTo) {
    const double spread = kZ95 * std::sqrt(q * (1 - q) / n);
    return {q - spread, q + spread};
  }
  const double log_n_factorial = std::lgamma(n + 1);
  double cdf = 0, lo_rank = 0, hi_rank = n + 1;
  bool lo_found = false;
  for (double k = 0; k <= n; ++k) {
    cdf += std::exp(log_n_factorial - std::lgamma(k + 1) - std::lgamma(n - k + 1) +
                    k * std::log(q) + (n - k) * std::log1p(-q));
    if (!lo_found && cdf > kTail) {
      lo_rank = k;  // P(fewer than k answers below) <= 2.5%
      lo_found = true;
    }
    if (cdf >= 1 - kTail) {
      hi_rank = k + 1;
      break;
    }
  }
  return {(lo_rank - 0.5) / n, (hi_rank - 0.5) / n};
}

// How far the measured q-quantile could be from the service's own, from the
// number of answers alone: the farther end of its 95% confidence interval,
// read off the measured distribution. A p99 of 300 answers rests on its 3
// slowest; a prediction within that is as good as a second run would be.
double percentile_uncertainty_ms(const MeasuredRun& measured, double q) {
  const auto& quantiles = measured.latency_quantiles;
  if (quantiles.empty() || measured.requests == 0) return 0;
  auto at = [&](double position) {
    const double k = static_cast<double>(quantiles.size());
    const auto i = static_cast<size_t>(std::clamp(std::floor(position * k), 0.0, k - 1));
    return ms(quantiles[i]);
  };
  const auto [lo, hi] = quantile_interval(static_cast<double>(measured.requests), q);
  const double middle = at(q);
  return std::max(middle - at(lo), at(hi) - middle);
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
  auto latency_slack = [&](double q) {
    return std::max(kLatencySlackMs, percentile_uncertainty_ms(measured, q));
  };
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
  c.rows.push_back({"p50 latency", "ms", ms(measured.latency_p50),
                    pooled_quantile_ms(predicted, 0.50), latency_slack(0.50)});
  c.rows.push_back({"p95 latency", "ms", ms(measured.latency_p95),
                    pooled_quantile_ms(predicted, 0.95), latency_slack(0.95)});
  c.rows.push_back({"p99 latency", "ms", ms(measured.latency_p99),
                    pooled_quantile_ms(predicted, 0.99), latency_slack(0.99)});
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
