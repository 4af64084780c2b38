// The search's unit of work: a group of candidates that differ only in their
// process count (or a single candidate, where there is no count to vary),
// examined by bisection or, to check it, by brute force. Internal to
// search.cpp; declared here so that the group logic has its own file.
#pragma once

#include <optional>
#include <vector>

#include "core/status.h"
#include "plan/candidate.h"
#include "plan/evaluate.h"
#include "plan/search.h"

namespace stackplan::plan {

// One entry per group, in a fixed order (kind, variant, task, concurrency,
// function memory, autoscaling pair); `processes` is the spec's first where
// the group varies it.
std::vector<Candidate> candidate_groups(const PlanSpec& spec);

// Whether a group's candidates differ in processes (async without
// autoscaling, sync) or the group is this one candidate.
bool varies_processes(const PlanSpec& spec, const Candidate& group);

// What the merge needs from a group, and no more (memory stays flat):
// per platform, the fewest processes meeting every target in every case
// (`best`, possibly over budget or unpriceable there) and the failing option
// next to it, one process fewer, or when nothing in the group meets the
// targets, the one with the most processes (`others`).
struct GroupOutcome {
  std::vector<Option> best;    // one per platform, or empty
  std::vector<Option> others;  // one per platform, or empty
  // Per case, the group's fewest processes meeting that case alone, on each
  // platform where it prices within the budget (regret's baseline).
  std::vector<CaseChoice> case_choices;
  std::optional<Error> error;  // a failure that is not a stop
  uint64_t examined = 0;       // candidates evaluated in at least one case
};

GroupOutcome examine_group(Evaluator& evaluator, const Candidate& group, bool brute_force);

// The candidate judged in every case, on `platform`: bills, misses, budget.
Option make_option(const Evaluator& evaluator, const Candidate& candidate,
                   std::vector<CaseOutcome> cases, const std::string& platform);

}  // namespace stackplan::plan
