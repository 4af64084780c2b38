// What the answer depends on: flip points (the monthly volume or peak rate
// at which the recommendation changes), sensitivity (which uncertain input
// moves cost and targets most) and payback of variants (a rewrite).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/money.h"
#include "core/status.h"
#include "plan/evaluate.h"
#include "plan/search.h"

namespace stackplan::plan {

// ---- Flip points: generic bisection ---------------------------------------------

// The answer at one value of an input. Equal keys mean the same answer.
struct Recommendation {
  std::string key;          // candidate key + platform
  std::string description;  // "async, 2 processes x 10 concurrency on aws"
  Money monthly;
};

using RecommendationAt = std::function<Result<Recommendation>(double value)>;

struct FlipSearch {
  std::string input;  // "orders_per_month", "peak"
  double from = 0, to = 0;
  bool whole_numbers = false;  // bisect to a whole number (orders)
  bool log_scale = false;      // grid spaced by ratio (volumes span decades)
  int grid_points = 17;        // first look, before bisecting each change
  // Bisection stops when the bracket is narrower than this fraction of its
  // value (or, for whole numbers, when the ends are neighbours).
  double relative_resolution = 0.001;
  int max_flips = 8;
};

struct FlipPoint {
  std::string input;
  double at = 0;  // the smallest value with `above` as the answer
  Recommendation below, above;
};

// Walks a grid from `from` to `to`, then bisects every interval whose ends
// recommend differently. A flip and back between two grid points is missed:
// grid_points bounds that (docs/PLAN.md).
Result<std::vector<FlipPoint>> find_flip_points(const FlipSearch& search,
                                                const RecommendationAt& recommend);

// The cheapest of `feasible` at a monthly volume (bills re-priced from each
// option's simulation in the reference case), and the search over
// PlanSpec::volumes (default: a tenth of the smallest case volume to ten
// times the largest).
Result<std::vector<FlipPoint>> volume_flip_points(Evaluator& evaluator, const SearchResult& result);
// Called while peak flip points are sought, at most a few times a second.
using PeakProgress = std::function<void(const EvaluatorStats&)>;

// Peak flips follow the chosen configuration's size: the chosen option is
// the search's least-regret choice (else its cheapest feasible option in the
// reference case), and the recommendation at a peak is the fewest processes
// in its group (everything else as chosen, on its platform) that meet every
// target with the reference case at that peak, within the budget ("nothing
// meets every target" past the group's largest count). Another group
// becoming cheaper at some peak is not searched for. Peaks over
// PlanSpec::peaks (default: the cases' lowest to highest peak); open traffic
// only; empty when there is no peak range or nothing was chosen. Each peak
// is a bisection over the group's processes, bracketed by the answers at
// the nearest peaks already sized, through `evaluator` (its cache and its
// --max-simulations budget): a few hundred simulations, not a search per
// peak.
Result<std::vector<FlipPoint>> peak_flip_points(Evaluator& evaluator, const SearchResult& result,
                                                const PeakProgress& progress = {});

// ---- Sensitivity -------------------------------------------------------------------

// One uncertain input at its lowest and highest value across the cases, the
// others at the reference case's.
struct SensitivityProbe {
  std::string input;  // "peak", "service_time", "orders_per_month", ...
  std::string low_label, high_label;
  NamedInputs low, high;
};

// Every input that differs between cases, in a fixed order.
std::vector<SensitivityProbe> sensitivity_probes(const PlanSpec& spec);

struct SensitivityRow {
  std::string input, low_label, high_label;
  // Unset at an end that was not simulated (pruned, or stopped by its
  // backlog): a bill from no run would be a plausible wrong number.
  std::optional<Money> monthly_low, monthly_high;
  CaseOutcome outcome_low, outcome_high;
  Money swing;  // |monthly_high - monthly_low|; 0 when either is unset
};

// The chosen option under each probe, largest cost swing first (ties: the
// probe that flips a target first, then input name).
Result<std::vector<SensitivityRow>> sensitivity(Evaluator& evaluator, const Option& chosen);

// ---- Variants: payback of an alternative -----------------------------------------

struct VariantPayback {
  std::string variant;
  std::string case_name;
  Money monthly_saving;          // best of the first variant minus best of this one
  std::optional<double> months;  // build_cost / monthly_saving; unset: never pays back
};

std::vector<VariantPayback> variant_payback(const PlanSpec& spec, const SearchResult& result);

}  // namespace stackplan::plan
