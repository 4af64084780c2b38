// The analyses joined to the evaluator and the search: flip points over the
// monthly volume and the peak rate, and the chosen option's sensitivity.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "plan/analysis.h"

namespace stackplan::plan {
namespace {

// Volumes span decades: the default range reaches this factor below the
// smallest stated volume and above the largest.
constexpr double kVolumeRangeFactor = 10;
// Bills are monotone and cheap to re-price: one more decimal of resolution
// costs a handful of re-pricings, and the bisection ends on whole orders.
constexpr int kVolumeGridPoints = 17;
// Each peak is a whole search: a coarser grid, and a resolution of 0.5%
// (a quarter of an order/s at 50/s) is finer than any peak is known.
constexpr int kPeakGridPoints = 9;
constexpr double kPeakResolution = 0.005;

Recommendation recommend(const PlanSpec& spec, const Option& option, Money monthly) {
  return Recommendation{option.candidate.key() + " on " + option.platform,
                        option.candidate.describe(spec) + " on " + option.platform, monthly};
}

// The month's volume a case is priced at: its own, else the usage section's.
std::optional<double> stated_volume(const PlanFile& file, const NamedInputs& c) {
  if (c.inputs.orders_per_month) return c.inputs.orders_per_month->value_f();
  if (file.cost.usage.orders) return file.cost.usage.orders->value_f();
  return std::nullopt;
}

// The highest rate segment of the scenario's own open traffic.
std::optional<double> scenario_peak(const Scenario& scenario) {
  std::optional<double> peak;
  for (const RateSegment& s : scenario.traffic.open.segments)
    if (!peak || s.per_second > *peak) peak = s.per_second;
  return peak;
}

}  // namespace

Result<std::vector<FlipPoint>> volume_flip_points(Evaluator& evaluator,
                                                  const SearchResult& result) {
  const PlanFile& file = evaluator.file();
  const PlanSpec& spec = file.plan;
  if (result.feasible.empty() || spec.reference_case >= spec.cases.size())
    return std::vector<FlipPoint>{};
  FlipSearch search;
  search.input = "orders_per_month";
  search.whole_numbers = true;
  search.log_scale = true;
  search.grid_points = kVolumeGridPoints;
  if (spec.volumes) {
    search.from = spec.volumes->from;
    search.to = spec.volumes->to;
  } else {
    std::vector<double> volumes;
    for (const NamedInputs& c : spec.cases)
      if (auto v = stated_volume(file, c); v && *v > 0) volumes.push_back(*v);
    // Scaled by time, a month's volume is whatever the traffic makes it:
    // there is no volume to vary.
    if (volumes.empty()) return std::vector<FlipPoint>{};
    search.from = *std::min_element(volumes.begin(), volumes.end()) / kVolumeRangeFactor;
    search.to = *std::max_element(volumes.begin(), volumes.end()) * kVolumeRangeFactor;
  }
  const size_t reference = spec.reference_case;
  const NamedInputs& reference_inputs = spec.cases[reference];
  RecommendationAt cheapest_at = [&](double volume) -> Result<Recommendation> {
    const auto orders = cost::Quantity::units(std::llround(volume));
    const Option* best = nullptr;
    Money best_monthly;
    for (const Option& option : result.feasible) {
      if (reference >= option.cases.size()) continue;
      auto bill = evaluator.price(option.candidate, reference_inputs, option.cases[reference],
                                  option.platform, orders);
      if (!bill.ok())
        return Error(fmt::format("{} on {}: {}", option.candidate.describe(spec), option.platform,
                                 bill.error().message()));
      // Ties keep the first option: the search's own order.
      if (best == nullptr || bill->total() < best_monthly) {
        best = &option;
        best_monthly = bill->total();
      }
    }
    if (best == nullptr) return Error("no feasible option has a reference-case simulation");
    return recommend(spec, *best, best_monthly);
  };
  return find_flip_points(search, cheapest_at);
}

Result<std::vector<FlipPoint>> peak_flip_points(Evaluator& evaluator,
                                                const SearchOptions& options) {
  const PlanFile& file = evaluator.file();
  const PlanSpec& spec = file.plan;
  if (file.scenario.traffic.model != Traffic::Model::kOpen ||
      spec.reference_case >= spec.cases.size())
    return std::vector<FlipPoint>{};
  FlipSearch search;
  search.input = "peak";
  search.grid_points = kPeakGridPoints;
  search.relative_resolution = kPeakResolution;
  if (spec.peaks) {
    search.from = spec.peaks->from;
    search.to = spec.peaks->to;
  } else {
    std::vector<double> peaks;
    for (const NamedInputs& c : spec.cases) {
      auto peak =
          c.inputs.peak_per_second ? c.inputs.peak_per_second : scenario_peak(file.scenario);
      if (peak) peaks.push_back(*peak);
    }
    if (peaks.empty()) return std::vector<FlipPoint>{};
    search.from = *std::min_element(peaks.begin(), peaks.end());
    search.to = *std::max_element(peaks.begin(), peaks.end());
    if (search.from >= search.to) return std::vector<FlipPoint>{};  // one peak: no range
  }
  // --max-simulations bounds the whole run: the searches at each peak share
  // what the main search left.
  const uint64_t limit = evaluator.options().max_simulations;
  uint64_t used = evaluator.stats().simulations;
  RecommendationAt search_at = [&](double peak) -> Result<Recommendation> {
    // The plan with one case, the reference case at this peak, searched
    // by an evaluator of its own (its cache holds other peaks' runs).
    PlanFile at_peak = file;
    NamedInputs reference = spec.cases[spec.reference_case];
    reference.inputs.peak_per_second = peak;
    at_peak.plan.cases = {reference};
    at_peak.plan.reference_case = 0;
    EvaluatorOptions peak_options = evaluator.options();
    if (limit > 0) {
      if (used >= limit)
        return Error(fmt::format("--max-simulations {} reached", group_thousands(limit)));
      peak_options.max_simulations = limit - used;
    }
    Evaluator peak_evaluator(at_peak, evaluator.catalog(), peak_options);
    auto found = stackplan::plan::search(peak_evaluator, options);
    used += peak_evaluator.stats().simulations;
    if (!found.ok()) return found.error();
    if (!found->stats.complete)
      return Error("the search stopped before an answer: " + found->stats.stopped_because);
    if (!found->least_regret) return Recommendation{"none", "nothing meets every target", Money()};
    const Option& chosen = found->least_regret->option;
    Recommendation answer = recommend(at_peak.plan, chosen, chosen.reference_monthly);
    // Concurrency is not billed: options differing only in it cost the same,
    // and which of them the search names is a tie-break, not a flip.
    Candidate billed = chosen.candidate;
    billed.concurrency = 0;
    answer.key = billed.key() + " on " + chosen.platform;
    return answer;
  };
  return find_flip_points(search, search_at);
}

Result<std::vector<SensitivityRow>> sensitivity(Evaluator& evaluator, const Option& chosen) {
  std::vector<SensitivityRow> rows;
  for (const SensitivityProbe& probe : sensitivity_probes(evaluator.file().plan)) {
    SensitivityRow row;
    row.input = probe.input;
    row.low_label = probe.low_label;
    row.high_label = probe.high_label;
    for (bool high : {false, true}) {
      const NamedInputs& inputs = high ? probe.high : probe.low;
      auto outcome = evaluator.evaluate(chosen.candidate, inputs);
      if (!outcome.ok()) return outcome.error();
      auto bill = evaluator.price(chosen.candidate, inputs, *outcome, chosen.platform);
      if (!bill.ok()) return bill.error();
      (high ? row.monthly_high : row.monthly_low) = bill->total();
      (high ? row.outcome_high : row.outcome_low) = std::move(outcome).value();
    }
    row.swing = row.monthly_high > row.monthly_low ? row.monthly_high - row.monthly_low
                                                   : row.monthly_low - row.monthly_high;
    rows.push_back(std::move(row));
  }
  // The input decides whether the targets are met: it meets them at one end
  // and not at the other.
  auto flips_a_target = [](const SensitivityRow& r) {
    return r.outcome_low.meets_targets != r.outcome_high.meets_targets;
  };
  std::stable_sort(rows.begin(), rows.end(), [&](const SensitivityRow& a, const SensitivityRow& b) {
    if (a.swing != b.swing) return a.swing > b.swing;
    if (flips_a_target(a) != flips_a_target(b)) return flips_a_target(a);
    return a.input < b.input;
  });
  return rows;
}

}  // namespace stackplan::plan
