#include "calibrate/measurement.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace stackplan::calibrate {
namespace {

Duration from_ns(double ns) { return Duration::from_seconds(ns / 1e9); }

// The first and last scrape's value of a counter or gauge; the difference is
// what happened during the window.
std::optional<double> delta(const std::vector<TimedScrape>& scrapes, const std::string& name) {
  auto first = scrapes.front().scrape.sum(name);
  auto last = scrapes.back().scrape.sum(name);
  if (!first || !last) return std::nullopt;
  return *last - *first;
}

// Whether the quantile q lies in the same bucket as the value v.
bool same_bucket(const HistogramSnapshot& h, double v, double q) {
  double lower = 0;
  for (const auto& [le, cumulative] : h.buckets) {
    if (v <= le) return q > lower && q <= le;
    lower = le;
  }
  return false;
}

}  // namespace

std::optional<double> backlog_of(const Scrape& scrape, const MetricNames& names) {
  auto all = scrape.sum(names.queue_depth);
  if (!all) return std::nullopt;
  return *all - scrape.value(names.queue_depth, {{"state", names.dead_letter_state}}).value_or(0);
}

MeasuredRun measured_from_load(const load::LoadReport& report, Duration traffic_time) {
  MeasuredRun run;
  run.traffic_time = traffic_time;
  const load::EndpointStats& total = report.total;
  run.requests = total.requests;
  run.failures = total.failures;
  for (size_t code = 200; code < 300; ++code) run.successes += total.status_counts[code];
  run.latency_mean = from_ns(total.latency.mean());
  run.latency_p50 = from_ns(static_cast<double>(total.latency.quantile(0.50)));
  run.latency_p95 = from_ns(static_cast<double>(total.latency.quantile(0.95)));
  run.latency_p99 = from_ns(static_cast<double>(total.latency.quantile(0.99)));
  if (total.latency.count() > 0)
    for (int i = 0; i < kLatencyQuantiles; ++i)
      run.latency_quantiles.push_back(from_ns(static_cast<double>(
          total.latency.quantile((i + 0.5) / static_cast<double>(kLatencyQuantiles)))));
  count_per_second(report.timeline, run);
  return run;
}

void count_per_second(const std::vector<load::SecondSummary>& seconds, MeasuredRun& run) {
  if (seconds.empty()) return;
  const auto window = static_cast<size_t>(std::llround(run.traffic_time.seconds_f()));
  uint64_t within = 0;
  run.successes_per_second.clear();
  for (const load::SecondSummary& second : seconds) {
    if (second.second >= 0 && static_cast<size_t>(second.second) < window)
      within += second.requests;
    if (static_cast<size_t>(second.second) == run.successes_per_second.size())
      run.successes_per_second.push_back(second.requests - second.failures);
  }
  run.requests = within;
}

Result<ServiceSignals> signals_from_scrapes(const std::vector<TimedScrape>& scrapes,
                                            const MetricNames& names) {
  ServiceSignals s;
  s.scrapes = scrapes.size();
  if (scrapes.empty()) return s;
  auto first = histogram(scrapes.front().scrape, names.service_time);
  auto last = histogram(scrapes.back().scrape, names.service_time);
  if (!first) return first.error();
  if (!last) return last.error();
  if (*last) {
    HistogramSnapshot window = *first ? (*last)->minus(**first) : **last;
    if (window.count > 0) {
      ObservedDistribution d;
      d.count = window.count;
      d.mean = Duration::from_seconds(window.mean());
      d.p99 = Duration::from_seconds(window.quantile(0.99));
      d.p99_in_mean_bucket = same_bucket(window, window.mean(), window.quantile(0.99));
      s.service_time = d;
    }
  }
  for (const TimedScrape& t : scrapes) {
    auto backlog = backlog_of(t.scrape, names);
    if (!backlog) continue;
    BacklogPoint point{t.at, *backlog, std::nullopt};
    if (auto calls = histogram(t.scrape, names.service_time); calls && *calls)
      point.calls = static_cast<double>((*calls)->count);
    s.backlog.push_back(point);
  }
  s.paid = delta(scrapes, names.paid);
  if (!s.paid) s.paid = delta(scrapes, names.paid_fallback);
  s.redeliveries = delta(scrapes, names.redeliveries);
  if (s.redeliveries)
    s.redeliveries = std::max(0.0, *s.redeliveries - delta(scrapes, names.retries).value_or(0));
  s.duplicates_refused = delta(scrapes, names.duplicates_refused);
  s.slots = scrapes.back().scrape.sum(names.slots);
  return s;
}

}  // namespace stackplan::calibrate
