// Summaries across replications: the mean of each figure with a 95%
// confidence interval from Student's t distribution.
#include <fmt/format.h>

#include <cmath>
#include <functional>

#include "core/text_width.h"
#include "report/sim_report.h"

namespace stackplan::report {
namespace {

// Two-sided 95% critical values of Student's t for 1..30 degrees of freedom;
// above 30 the normal value 1.96 is within 2%.
constexpr double kT95[] = {12.706, 4.303, 2.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
                           2.201,  2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
                           2.080,  2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};

struct Metric {
  const char* name;
  std::function<double(const sim::SimResult&)> value;
};

const std::vector<Metric>& metrics() {
  static const std::vector<Metric> kMetrics = {
      {"requests", [](const sim::SimResult& r) { return double(r.requests.requests); }},
      {"failures", [](const sim::SimResult& r) { return double(r.requests.failures); }},
      {"rps", [](const sim::SimResult& r) { return r.requests.rps(); }},
      {"latency_ms.avg",
       [](const sim::SimResult& r) { return r.requests.latency_ns.mean() / 1e6; }},
      {"latency_ms.p95",
       [](const sim::SimResult& r) { return double(r.requests.latency_ns.quantile(0.95)) / 1e6; }},
      {"orders.accepted", [](const sim::SimResult& r) { return double(r.orders.accepted); }},
      {"orders.completed", [](const sim::SimResult& r) { return double(r.orders.completed); }},
      {"orders.abandoned", [](const sim::SimResult& r) { return double(r.orders.abandoned); }},
      {"orders.duplicates", [](const sim::SimResult& r) { return double(r.orders.duplicates); }},
      {"orders.latency_ms.p95",
       [](const sim::SimResult& r) { return double(r.orders.latency_ns.quantile(0.95)) / 1e6; }},
      {"queue.peak_visible", [](const sim::SimResult& r) { return double(r.queue.peak_visible); }},
      {"queue.drain_seconds",
       [](const sim::SimResult& r) { return r.queue.drain_time.seconds_f(); }},
  };
  return kMetrics;
}

}  // namespace

Estimate estimate(const std::vector<double>& values) {
  Estimate e;
  if (values.empty()) return e;
  double sum = 0;
  for (double v : values) sum += v;
  e.mean = sum / static_cast<double>(values.size());
  if (values.size() < 2) return e;
  double sq = 0;
  for (double v : values) sq += (v - e.mean) * (v - e.mean);
  double sd = std::sqrt(sq / static_cast<double>(values.size() - 1));
  size_t df = values.size() - 1;
  double t = df <= 30 ? kT95[df - 1] : 1.96;
  e.half_width = t * sd / std::sqrt(static_cast<double>(values.size()));
  return e;
}

std::string replications_text(const Scenario& scenario, const std::vector<sim::SimResult>& runs,
                              const std::vector<sim::TargetCheck>& targets) {
  // A long scenario name wraps rather than pass 100 columns.
  std::string out =
      wrap_paragraph("",
                     fmt::format("stackplan simulate: {} ({} replications, seeds {}..{})",
                                 scenario.name, runs.size(), runs.front().seed, runs.back().seed),
                     2);
  out += "\n";
  out += fmt::format("{:<24} {:>14} {:>14}   95% interval\n", "figure", "mean", "+/-");
  for (const auto& m : metrics()) {
    std::vector<double> v;
    for (const auto& r : runs) v.push_back(m.value(r));
    Estimate e = estimate(v);
    out += fmt::format("{:<24} {:>14.2f} {:>14.2f}   [{:.2f}, {:.2f}]\n", m.name, e.mean,
                       e.half_width, e.mean - e.half_width, e.mean + e.half_width);
  }
  out += targets_text(targets, fmt::format("Targets (on the mean of {} runs)", runs.size()));
  return out;
}

nlohmann::json replications_json(const std::vector<sim::SimResult>& runs,
                                 const std::vector<sim::TargetCheck>& targets) {
  nlohmann::json j;
  j["replications"] = runs.size();
  j["seeds"] = nlohmann::json::array();
  for (const auto& r : runs) j["seeds"].push_back(r.seed);
  for (const auto& m : metrics()) {
    std::vector<double> v;
    for (const auto& r : runs) v.push_back(m.value(r));
    Estimate e = estimate(v);
    j["estimates"][m.name] = {{"mean", e.mean}, {"ci95_half_width", e.half_width}};
  }
  j["targets"] = targets_json(targets);
  return j;
}

}  // namespace stackplan::report
