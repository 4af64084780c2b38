// The search for the cheapest candidate meeting every target in every case,
// on each platform, and the least-regret choice across platforms.
//
// Candidates that differ only in their process count are a group; within a
// group, more processes never make a figure worse (docs/PLAN.md says why), so
// the fewest processes that meet the targets are found by bisection (after
// galloping up from the fewest, 1, 2, 4, 8 steps in, to bracket them, so the
// largest counts are simulated only when the answer is near them) and only
// those visited are simulated. Brute force (every candidate in
// every case) is kept for checking the search.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/money.h"
#include "core/status.h"
#include "cost/bill.h"
#include "plan/candidate.h"
#include "plan/evaluate.h"

namespace stackplan::plan {

// A target missed in one case, and by how much.
struct Miss {
  std::string case_name;
  std::string target;  // "drain_after_peak", or "budget"
  std::string limit, actual;
  std::optional<double> relative_excess;  // 0.15: 15% over the limit
};

// A candidate on a platform, judged in every case.
struct Option {
  Candidate candidate;
  std::string platform;
  std::vector<CaseOutcome> cases;  // one per PlanSpec::cases, in order
  std::vector<cost::Bill> bills;   // one per case; empty when bill_error is set
  std::string bill_error;          // the platform cannot price or host it
  bool meets_targets = false;      // in every case
  bool within_budget = true;       // every case's bill within the budget
  std::vector<Miss> misses;        // every target (and budget) missed
  // Ranks options: the bill in the reference case.
  Money reference_monthly;
  bool feasible() const { return meets_targets && within_budget && bill_error.empty(); }
};

struct PlatformAnswer {
  std::string platform;
  std::optional<Option> best;  // the cheapest feasible option
  // Options cheaper than `best` (or all examined, when there is no best)
  // that fail, cheapest first, at most a handful: the price of the next
  // saving, in targets.
  std::vector<Option> cheaper_failing;
  // No best: the target no candidate could meet on this platform and the
  // option that came closest, in words.
  std::string none_because;
};

// The cheapest option meeting every target of one case alone, within the
// budget there: what would be chosen if that case were known to come true.
// The baseline of regret in that case, and of a variant's saving.
struct CaseChoice {
  size_t case_index = 0;
  size_t variant = 0;
  Candidate candidate;
  std::string platform;
  Money monthly;
};

struct LeastRegret {
  Option option;
  // Regret in a case: this option's bill there minus the cheapest bill of
  // any option meeting that case's targets (a CaseChoice). The choice
  // minimises the largest.
  Money max_regret;
  std::string worst_case;     // where the largest regret occurs
  std::vector<Money> regret;  // per case, in order
  std::string reason;         // computed, e.g. "at most $3.20/month over ..."
};

struct SearchStats {
  uint64_t candidates = 0;  // in the space (count_candidates)
  uint64_t cases = 0;
  uint64_t candidates_examined = 0;
  EvaluatorStats evaluator;
  // What brute force would run: candidates x cases (before replications).
  uint64_t brute_force_evaluations = 0;
  bool complete = true;
  std::string stopped_because;  // "interrupted", "--max-simulations 500 reached"
};

struct SearchResult {
  std::vector<PlatformAnswer> platforms;  // in PlanSpec::platforms order
  std::optional<LeastRegret> least_regret;
  // Nothing feasible anywhere: the target that cannot be met and the closest
  // option (smallest largest relative excess).
  std::optional<Option> closest;
  std::string infeasible_because;
  // Every feasible option found (cheapest per group and platform), for
  // flip points, regret and sensitivity.
  std::vector<Option> feasible;
  // Per case and variant (case-major), the cheapest choice for that case
  // alone; a pair with none is left out.
  std::vector<CaseChoice> case_choices;
  SearchStats stats;
};

struct SearchOptions {
  int jobs = 1;  // threads simulating at once
  // Every candidate in every case, no bisection: what the search is checked
  // against. For a true brute force the evaluator runs with prune and cache
  // off (EvaluatorOptions); the search does not change them.
  bool brute_force = false;
  // Called from the searching thread, at most a few times a second.
  std::function<void(const SearchStats&)> progress;
};

// A complete search's result does not depend on `jobs` (a stopped one's
// may: which simulations ran before the stop depends on the threads). When the evaluator stops
// (Ctrl-C,
// --max-simulations) the result holds the best found so far with
// stats.complete false.
Result<SearchResult> search(Evaluator& evaluator, const SearchOptions& options);

// Least regret over `feasible` (see LeastRegret); none when it is empty.
// Each case's cheapest bill is the cheaper of `feasible`'s and the
// `case_choices`' for that case.
std::optional<LeastRegret> least_regret(const PlanSpec& spec, const std::vector<Option>& feasible,
                                        const std::vector<CaseChoice>& case_choices = {});

}  // namespace stackplan::plan
