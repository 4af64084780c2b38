// Payback of a variant (a rewrite): its monthly saving over the first
// variant, case by case, and the months its build cost takes to earn back.
#include "plan/analysis.h"

namespace stackplan::plan {
namespace {

// The cheapest bill in case `case_index` of the feasible options of one
// variant; none when the variant has no feasible option.
std::optional<Money> best_bill(const std::vector<Option>& feasible, size_t variant,
                               size_t case_index) {
  std::optional<Money> best;
  for (const Option& option : feasible) {
    if (option.candidate.variant != variant || !option.feasible()) continue;
    if (case_index >= option.bills.size()) continue;
    Money monthly = option.bills[case_index].total();
    if (!best || monthly < *best) best = monthly;
  }
  return best;
}

// The cheapest bill of one variant for case `case_index` alone (what that
// stage would run if it were the only one), from the search's case choices;
// a result without them (built by hand) falls back to `feasible`.
std::optional<Money> case_bill(const SearchResult& result, size_t variant, size_t case_index) {
  if (result.case_choices.empty()) return best_bill(result.feasible, variant, case_index);
  for (const CaseChoice& choice : result.case_choices)
    if (choice.case_index == case_index && choice.variant == variant) return choice.monthly;
  return std::nullopt;
}

}  // namespace

std::vector<VariantPayback> variant_payback(const PlanSpec& spec, const SearchResult& result) {
  std::vector<VariantPayback> paybacks;
  if (spec.variants.size() < 2) return paybacks;
  for (size_t c = 0; c < spec.cases.size(); ++c) {
    std::optional<Money> baseline = case_bill(result, 0, c);
    // Without a feasible first variant there is nothing to save against.
    if (!baseline) continue;
    for (size_t v = 1; v < spec.variants.size(); ++v) {
      std::optional<Money> alternative = case_bill(result, v, c);
      if (!alternative) continue;  // the variant cannot meet the targets: no payback
      VariantPayback payback;
      payback.variant = spec.variants[v].name;
      payback.case_name = spec.cases[c].name;
      payback.monthly_saving = *baseline - *alternative;
      const std::optional<Money>& build_cost = spec.variants[v].build_cost;
      if (build_cost && payback.monthly_saving > Money()) {
        // A ratio of two amounts, for display: never summed into a bill.
        payback.months = build_cost->dollars_f() / payback.monthly_saving.dollars_f();
      }
      paybacks.push_back(std::move(payback));
    }
  }
  return paybacks;
}

}  // namespace stackplan::plan
