#include "calibrate/calibrate.h"

#include <fmt/format.h>

#include <cmath>
#include <memory>
#include <nlohmann/json.hpp>
#include <utility>
#include <vector>

#include "calibrate/metrics_log.h"
#include "calibrate/metrics_sampler.h"
#include "core/text_file.h"
#include "core/units.h"
#include "load/load_stats.h"
#include "sim/simulator.h"

namespace stackplan::calibrate {
namespace {

// How long one scrape may take before it counts as failed.
constexpr Duration kScrapeTimeout = Duration::seconds(5);

void say(const CalibrateRequest& request, const std::string& line) {
  if (request.progress) request.progress(line);
}

// Why nothing answered, from the first kind of error the run counted.
std::string no_answer_reason(const load::EndpointStats& total) {
  for (int k = 0; k < load::kErrorKinds; ++k)
    if (uint64_t n = total.error_counts[static_cast<size_t>(k)])
      return fmt::format("{} x {}", n, load::error_kind_name(static_cast<load::ErrorKind>(k)));
  return "no request completed";
}

Status measure_live(const CalibrateRequest& request, const Scenario& scenario,
                    CalibrateOutcome& out) {
  auto options = replay_options(scenario, request.target);
  if (!options) return options.error();
  options->cancel = request.cancel;
  out.source = request.target.url;
  if (auto url = load::parse_url(request.target.url); !url) {
    return Error(fmt::format("--url: {}", url.error().message()));
  } else if (auto reached = check_reachable(*url, kScrapeTimeout); !reached) {
    return Error(fmt::format("{}; is the service running and the URL right?", reached.message()));
  }

  std::unique_ptr<MetricsSampler> sampler;
  if (!request.metrics_url.empty()) {
    auto url = load::parse_url(request.metrics_url);
    if (!url) return Error(fmt::format("--metrics: {}", url.error().message()));
    if (auto first = scrape_once(*url, kScrapeTimeout); !first)
      return Error(fmt::format("--metrics: {}", first.error().message()));
    sampler = std::make_unique<MetricsSampler>(*url, request.metrics_interval, kScrapeTimeout);
    sampler->start();
  }
  say(request, fmt::format("replaying {} of the scenario's traffic against {}",
                           format_duration(scenario.traffic.duration), request.target.url));
  auto report = load::run_load(*options);
  if (!report) return report.error();
  if (report->total.responses() == 0)
    return Error(
        fmt::format("{} did not answer: {} of {} requests failed ({}); is the service "
                    "running and the URL right?",
                    request.target.url, report->total.failures, report->total.requests,
                    no_answer_reason(report->total)));
  out.measured = measured_from_load(*report, scenario.traffic.duration);
  out.load_report = *report;
  if (out.measured.successes == 0) {
    std::string statuses;
    for (size_t code = 0; code < report->total.status_counts.size(); ++code)
      if (uint64_t n = report->total.status_counts[code])
        statuses += fmt::format("{}HTTP {} x {}", statuses.empty() ? "" : ", ", code, n);
    return Error(
        fmt::format("{} answered none of {} requests with a 2xx status ({}): there is "
                    "nothing to fit; check the URL, the path and the service's log",
                    request.target.url, report->total.requests,
                    statuses.empty() ? no_answer_reason(report->total) : statuses));
  }
  if (!sampler) return Status();
  say(request, fmt::format("waiting for the backlog to drain (at most {})",
                           format_duration(request.drain_limit)));
  out.drained = sampler->sample_until(
      [&](const Scrape& s) { return backlog_of(s, request.names).value_or(0) <= 0; },
      request.drain_limit);
  sampler->stop();
  auto scrapes = sampler->scrapes();
  auto signals = signals_from_scrapes(scrapes, request.names);
  if (!signals) return Error(fmt::format("--metrics: {}", signals.error().message()));
  out.measured.signals = *signals;
  out.measured.signals.failed_scrapes = sampler->failed_scrapes();
  out.metrics_log = write_metrics_log({request.metrics_url, request.metrics_interval, scrapes});
  return Status();
}

Status measure_offline(const CalibrateRequest& request, const Scenario& scenario,
                       CalibrateOutcome& out) {
  out.source = request.measured_path;
  auto text = read_text_file(request.measured_path);
  if (!text) return text.error();
  auto run = measured_from_load_json(*text, request.measured_path, scenario.traffic.duration);
  if (!run) return run.error();
  out.measured = *run;
  if (request.metrics_log_path.empty()) return Status();
  auto log_text = read_text_file(request.metrics_log_path);
  if (!log_text) return log_text.error();
  auto log = read_metrics_log(*log_text, request.metrics_log_path);
  if (!log) return log.error();
  auto signals = signals_from_scrapes(log->scrapes, request.names);
  if (!signals)
    return Error(fmt::format("{}: {}", request.metrics_log_path, signals.error().message()));
  out.measured.signals = *signals;
  return Status();
}

// Bounds of a saved run's figures: a count beyond 2^53 is not exact in the
// JSON's doubles, and a latency beyond a day is no load test's answer.
constexpr double kMaxSavedCount = 9007199254740992.0;
constexpr double kMaxSavedLatencyMs = 86400e3;

// A number at `key` of `object`, or an error naming the field.
Result<double> number_at(const nlohmann::json& object, const std::string& key,
                         std::string_view source, const std::string& path) {
  if (!object.is_object() || !object.contains(key) || !object[key].is_number())
    return Error(fmt::format("{}: {}{}: expected a number", source, path, key));
  return object[key].get<double>();
}

// A saved run keeps percentiles, not every answer: the quantiles between
// them are interpolated linearly, which keeps each saved percentile exact
// (the accept latency's tail is too skewed for a two-moment fit). Left empty
// when a percentile is missing or they are out of order.
void interpolate_saved_quantiles(const nlohmann::json& latency, MeasuredRun& run) {
  constexpr std::pair<double, const char*> kSaved[] = {
      {0.0, "min"},  {0.50, "p50"},   {0.90, "p90"}, {0.95, "p95"},
      {0.99, "p99"}, {0.999, "p999"}, {1.0, "max"}};
  std::vector<std::pair<double, double>> points;  // (quantile, ms)
  for (const auto& [q, key] : kSaved) {
    if (!latency.contains(key) || !latency[key].is_number()) return;
    const double ms = latency[key].get<double>();
    if (!(ms >= 0 && ms <= kMaxSavedLatencyMs)) return;
    if (!points.empty() && ms < points.back().second) return;
    points.emplace_back(q, ms);
  }
  size_t segment = 1;
  for (int i = 0; i < kLatencyQuantiles; ++i) {
    const double q = (i + 0.5) / static_cast<double>(kLatencyQuantiles);
    while (points[segment].first < q) ++segment;
    const auto [q0, ms0] = points[segment - 1];
    const auto [q1, ms1] = points[segment];
    const double ms = ms0 + (ms1 - ms0) * (q - q0) / (q1 - q0);
    run.latency_quantiles.push_back(Duration::from_seconds(ms / 1e3));
  }
  run.quantiles_interpolated = true;
}

// The saved run's seconds, in order, each a whole count; errors name the entry.
Result<std::vector<load::SecondSummary>> saved_seconds(const nlohmann::json& list,
                                                       std::string_view source) {
  if (!list.is_array()) return Error(fmt::format("{}: timeline: expected a list", source));
  std::vector<load::SecondSummary> seconds;
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string where = fmt::format("timeline[{}].", i);
    load::SecondSummary second;
    double fields[3];
    const char* keys[] = {"second", "requests", "failures"};
    for (size_t k = 0; k < 3; ++k) {
      auto value = number_at(list[i], keys[k], source, where);
      if (!value) return value.error();
      if (!(*value >= 0 && *value <= kMaxSavedCount) || *value != std::floor(*value))
        return Error(fmt::format("{}: {}{}: expected a whole count from 0 to {}", source, where,
                                 keys[k], kMaxSavedCount));
      fields[k] = *value;
    }
    second.second = static_cast<int64_t>(fields[0]);
    second.requests = static_cast<uint64_t>(fields[1]);
    second.failures = static_cast<uint64_t>(fields[2]);
    if (second.failures > second.requests)
      return Error(fmt::format("{}: {}failures: more than its requests", source, where));
    if (!seconds.empty() && second.second <= seconds.back().second)
      return Error(fmt::format("{}: {}second: not after the entry before", source, where));
    seconds.push_back(second);
  }
  return seconds;
}

}  // namespace

Result<MeasuredRun> measured_from_load_json(std::string_view text, std::string_view source,
                                            Duration traffic_time) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return Error(fmt::format("{}: not the JSON of `stackplan load --json`", source));
  MeasuredRun run;
  run.traffic_time = traffic_time;
  auto requests = number_at(j, "requests", source, "");
  if (!requests) return requests.error();
  auto failures = number_at(j, "failures", source, "");
  if (!failures) return failures.error();
  for (auto [key, value] : {std::pair{"requests", *requests}, std::pair{"failures", *failures}})
    if (!(value >= 0 && value <= kMaxSavedCount) || value != std::floor(value))
      return Error(
          fmt::format("{}: {}: expected a whole count from 0 to {}", source, key, kMaxSavedCount));
  if (*failures > *requests)
    return Error(
        fmt::format("{}: failures ({}) exceed requests ({})", source, *failures, *requests));
  run.requests = static_cast<uint64_t>(*requests);
  run.failures = static_cast<uint64_t>(*failures);
  const nlohmann::json& latency = j.contains("latency_ms") ? j["latency_ms"] : nlohmann::json();
  Duration* fields[] = {&run.latency_mean, &run.latency_p50, &run.latency_p95, &run.latency_p99};
  const char* keys[] = {"avg", "p50", "p95", "p99"};
  for (size_t i = 0; i < 4; ++i) {
    auto ms = number_at(latency, keys[i], source, "latency_ms.");
    if (!ms) return ms.error();
    if (!(*ms >= 0 && *ms <= kMaxSavedLatencyMs))
      return Error(fmt::format("{}: latency_ms.{}: expected 0 to {} ms", source, keys[i],
                               kMaxSavedLatencyMs));
    *fields[i] = Duration::from_seconds(*ms / 1e3);
  }
  interpolate_saved_quantiles(latency, run);
  if (j.contains("status_codes") && j["status_codes"].is_object()) {
    for (const auto& [code, count] : j["status_codes"].items()) {
      if (!count.is_number_unsigned())
        return Error(fmt::format("{}: status_codes.{}: expected a count", source, code));
      if (code.size() != 3 || code[0] != '2') continue;
      const uint64_t n = count.get<uint64_t>();
      if (n > run.requests - run.successes)
        return Error(fmt::format("{}: status_codes: more 2xx answers than requests ({})", source,
                                 run.requests));
      run.successes += n;
    }
  } else {
    run.successes = run.requests - run.failures;
  }
  // Last: it narrows requests to those answered within the traffic time.
  if (j.contains("timeline")) {
    auto seconds = saved_seconds(j["timeline"], source);
    if (!seconds) return seconds.error();
    count_per_second(*seconds, run);
  }
  return run;
}

Result<CalibrateOutcome> run_calibration(const CalibrateRequest& request) {
  auto scenario = parse_scenario_file(request.scenario_path);
  if (!scenario) return scenario.error();
  if (request.replications < 1) return Error("--replications: at least 1");
  CalibrateOutcome out;
  out.model = *scenario;
  Status measured = request.measured_path.empty() ? measure_live(request, *scenario, out)
                                                  : measure_offline(request, *scenario, out);
  if (!measured) return Error(measured.message());
  auto fit = fit_scenario(out.model, out.measured);
  if (!fit) return fit.error();
  out.fit = std::move(*fit);
  say(request,
      fmt::format("simulating the fitted scenario ({} replications)", request.replications));
  // The load generator counts every answer until the end of the traffic,
  // without the early cut-off a Locust run has: so does the replay.
  Scenario replay = out.fit.scenario;
  replay.traffic.run_end_lag = Duration();
  for (int i = 0; i < request.replications; ++i) {
    sim::SimOptions options;
    options.seed = request.seed + static_cast<uint64_t>(i);
    options.timeline = true;
    auto result = sim::simulate(replay, options);
    if (!result) return result.error();
    out.predicted.push_back(std::move(*result));
  }
  out.comparison = compare(out.measured, out.predicted, request.metrics_interval);
  return out;
}

}  // namespace stackplan::calibrate
