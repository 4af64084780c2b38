// The least-regret choice across platforms: among options feasible in every
// case, the one whose bill is never far above the cheapest choice of each
// case, whichever case comes true.
#include <fmt/format.h>

#include "plan/search.h"

namespace stackplan::plan {

namespace {

// The cheapest choice of one case: its bill, and who it is.
struct Cheapest {
  Money monthly;
  std::string who;  // "async, 2 processes ... on aws"
};

}  // namespace

std::optional<LeastRegret> least_regret(const PlanSpec& spec, const std::vector<Option>& feasible,
                                        const std::vector<CaseChoice>& case_choices) {
  if (feasible.empty()) return std::nullopt;
  const size_t cases = spec.cases.size();
  std::vector<Cheapest> cheapest(cases);
  for (size_t c = 0; c < cases; ++c) {
    std::optional<Cheapest> found;
    for (const Option& o : feasible)
      if (!found || o.bills.at(c).total() < found->monthly)
        found = Cheapest{o.bills.at(c).total(), o.candidate.describe(spec) + " on " + o.platform};
    for (const CaseChoice& choice : case_choices)
      if (choice.case_index == c && choice.monthly < found->monthly)
        found =
            Cheapest{choice.monthly, choice.candidate.describe(spec) + " on " + choice.platform};
    cheapest[c] = *found;
  }

  std::optional<LeastRegret> best;
  size_t best_worst_case = 0;
  for (const Option& option : feasible) {
    LeastRegret candidate{option, Money(), "", {}, ""};
    size_t worst_case = 0;
    for (size_t c = 0; c < cases; ++c) {
      const Money regret = option.bills.at(c).total() - cheapest[c].monthly;
      candidate.regret.push_back(regret);
      if (c == 0 || regret > candidate.max_regret) {
        candidate.max_regret = regret;
        worst_case = c;
      }
    }
    candidate.worst_case = spec.cases.at(worst_case).name;
    const bool better = !best || candidate.max_regret < best->max_regret ||
                        (candidate.max_regret == best->max_regret &&
                         option.reference_monthly < best->option.reference_monthly);
    if (better) {
      best = std::move(candidate);
      best_worst_case = worst_case;
    }
  }

  const Cheapest& rival = cheapest[best_worst_case];
  if (best->max_regret.rounded(2) == Money()) {
    // Below a cent the regret is rounding in the simulated hours, not a choice.
    const char* how = best->max_regret == Money() ? "the cheapest choice"
                                                  : "within a cent of the cheapest choice";
    best->reason =
        cases == 1 ? fmt::format("{}, at {}/month", how, best->option.bills.at(0).total().format())
                   : fmt::format("{} in every one of the {} cases", how, cases);
  } else {
    best->reason = fmt::format(
        "never more than {}/month above the cheapest choice in any case (worst: case {}, {}/month "
        "against {} at {}/month)",
        best->max_regret.format(), best->worst_case,
        best->option.bills.at(best_worst_case).total().format(), rival.who, rival.monthly.format());
  }
  return best;
}

}  // namespace stackplan::plan
