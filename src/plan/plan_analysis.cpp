// The analyses joined to the evaluator and the search: flip points over the
// monthly volume and the peak rate, and the chosen option's sensitivity.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iterator>
#include <map>

#include "plan/analysis.h"
#include "plan/search_groups.h"

namespace stackplan::plan {
namespace {

// Volumes span decades: the default range reaches this factor below the
// smallest stated volume and above the largest.
constexpr double kVolumeRangeFactor = 10;
// Bills are monotone and cheap to re-price: one more decimal of resolution
// costs a handful of re-pricings, and the bisection ends on whole orders.
constexpr int kVolumeGridPoints = 17;
// Each peak is a bisection over the chosen group's processes: a coarser
// grid, and a resolution of 0.5% (a quarter of an order/s at 50/s) is finer
// than any peak is known.
constexpr int kPeakGridPoints = 9;
constexpr double kPeakResolution = 0.005;
// Progress while sizing peaks, at most this often.
constexpr std::chrono::milliseconds kProgressInterval{250};

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

// The option the peak flips follow: the least-regret choice, else the
// cheapest feasible in the reference case.
std::optional<Option> chosen_option(const SearchResult& result) {
  if (result.least_regret) return result.least_regret->option;
  std::optional<Option> cheapest;
  for (const PlatformAnswer& p : result.platforms)
    if (p.best && (!cheapest || p.best->reference_monthly < cheapest->reference_monthly))
      cheapest = p.best;
  return cheapest;
}

// The chosen option's group (everything but processes) at each peak: the
// fewest processes meeting every target with the reference case at that
// peak. A higher peak never needs fewer processes, so a peak's answer lies
// between those of the nearest peaks already sized below and above it; only
// that bracket is searched, galloping up from its bottom then bisecting, as
// the main search does within a group.
class PeakSizer {
 public:
  PeakSizer(Evaluator& evaluator, const Option& chosen, const PeakProgress& progress)
      : evaluator_(evaluator),
        spec_(evaluator.file().plan),
        chosen_(chosen),
        counts_(varies_processes(spec_, chosen.candidate) ? spec_.processes.size() : 1),
        progress_(progress),
        last_progress_(std::chrono::steady_clock::now()) {}

  Result<Recommendation> at(double peak) {
    NamedInputs inputs = spec_.cases[spec_.reference_case];
    inputs.name = fmt::format("{} at {:g}/s", inputs.name, peak);
    inputs.inputs.peak_per_second = peak;
    size_t low = 0, high = counts_;  // high: none meets the targets
    const auto above = sized_.lower_bound(peak);
    if (above != sized_.end()) high = above->second;
    if (above != sized_.begin()) low = std::prev(above)->second;
    std::optional<CaseOutcome> outcome;
    auto fewest = fewest_between(inputs, low, std::max(low, high), outcome);
    if (!fewest.ok()) return fewest.error();
    // The bracket's top was sized at a higher peak, not this one: judge it
    // here, and should it fail (monotonicity is observed in simulations, not a
    // proof), search on above it.
    if (*fewest < counts_ && !outcome) {
      auto met = meets(*fewest, inputs, outcome);
      if (!met.ok()) return met.error();
      if (!*met) fewest = fewest_between(inputs, *fewest + 1, counts_, outcome);
      if (!fewest.ok()) return fewest.error();
    }
    sized_[peak] = *fewest;
    report_progress();
    if (*fewest >= counts_) return Recommendation{"none", "nothing meets every target", Money()};
    const Candidate candidate = candidate_at(*fewest);
    auto bill = evaluator_.price(candidate, inputs, *outcome, chosen_.platform);
    if (!bill.ok()) return bill.error();
    // More processes only cost more: over the budget here, every size is.
    if (spec_.budget && bill->total() > *spec_.budget)
      return Recommendation{"none", "nothing meets every target within the budget", Money()};
    Option sized = chosen_;
    sized.candidate = candidate;
    return recommend(spec_, sized, bill->total());
  }

 private:
  Candidate candidate_at(size_t index) const {
    Candidate c = chosen_.candidate;
    if (counts_ > 1) c.processes = spec_.processes.at(index);
    return c;
  }

  // Whether the count at `index` meets every target; its outcome when so.
  Result<bool> meets(size_t index, const NamedInputs& inputs, std::optional<CaseOutcome>& met) {
    auto outcome = evaluator_.evaluate(candidate_at(index), inputs);
    if (!outcome.ok()) {
      if (evaluator_.stopped())
        return Error("stopped before an answer: " + evaluator_.stopped_because());
      return outcome.error();
    }
    if (!outcome->meets_targets) return false;
    met = std::move(outcome).value();
    return true;
  }

  // The smallest index in [low, high) that meets every target, else `high`
  // (unjudged here: the caller knows its answer). `met` holds the found
  // index's outcome.
  Result<size_t> fewest_between(const NamedInputs& inputs, size_t low, size_t high,
                                std::optional<CaseOutcome>& met) {
    met.reset();
    size_t failing_below = low;  // every index below this fails
    size_t found = high;
    for (size_t step = 1, at = low; at < high; step *= 2) {
      auto ok = meets(at, inputs, met);
      if (!ok.ok()) return ok.error();
      if (*ok) {
        found = at;
        break;
      }
      failing_below = at + 1;
      at = std::min(high, at + step);
    }
    std::optional<CaseOutcome> found_outcome = std::move(met);
    while (found > failing_below) {
      const size_t mid = failing_below + (found - failing_below) / 2;
      std::optional<CaseOutcome> mid_outcome;
      auto ok = meets(mid, inputs, mid_outcome);
      if (!ok.ok()) return ok.error();
      if (*ok) {
        found = mid;
        found_outcome = std::move(mid_outcome);
      } else {
        failing_below = mid + 1;
      }
    }
    met = std::move(found_outcome);
    return found;
  }

  void report_progress() {
    if (!progress_) return;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_progress_ < kProgressInterval) return;
    last_progress_ = now;
    progress_(evaluator_.stats());
  }

  Evaluator& evaluator_;
  const PlanSpec& spec_;
  const Option& chosen_;
  const size_t counts_;  // process counts in the group; 1 where it has none to vary
  const PeakProgress& progress_;
  std::chrono::steady_clock::time_point last_progress_;
  std::map<double, size_t> sized_;  // peak -> index of its fewest processes (counts_: none)
};
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

Result<std::vector<FlipPoint>> peak_flip_points(Evaluator& evaluator, const SearchResult& result,
                                                const PeakProgress& progress) {
  const PlanFile& file = evaluator.file();
  const PlanSpec& spec = file.plan;
  if (file.scenario.traffic.model != Traffic::Model::kOpen ||
      spec.reference_case >= spec.cases.size())
    return std::vector<FlipPoint>{};
  const std::optional<Option> chosen = chosen_option(result);
  if (!chosen) return std::vector<FlipPoint>{};  // nothing to follow
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
  PeakSizer sizer(evaluator, *chosen, progress);
  RecommendationAt sized_at = [&](double peak) { return sizer.at(peak); };
  return find_flip_points(search, sized_at);
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
      if (outcome->has_figures()) {
        auto bill = evaluator.price(chosen.candidate, inputs, *outcome, chosen.platform);
        if (!bill.ok()) return bill.error();
        (high ? row.monthly_high : row.monthly_low) = bill->total();
      }
      (high ? row.outcome_high : row.outcome_low) = std::move(outcome).value();
    }
    if (row.monthly_low && row.monthly_high)
      row.swing = *row.monthly_high > *row.monthly_low ? *row.monthly_high - *row.monthly_low
                                                       : *row.monthly_low - *row.monthly_high;
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
