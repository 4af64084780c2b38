#include "plan/search_groups.h"

#include <algorithm>
#include <utility>

namespace stackplan::plan {
namespace {

// A candidate and what is known of it so far, case by case.
struct Trial {
  Candidate candidate;
  std::vector<std::optional<CaseOutcome>> cases;
  bool failed = false;  // some case evaluated misses a target

  bool complete() const {
    for (const auto& c : cases)
      if (!c) return false;
    return true;
  }
  bool feasible() const { return !failed && complete(); }
};

class GroupExaminer {
 public:
  GroupExaminer(Evaluator& evaluator, const Candidate& group)
      : evaluator_(evaluator), spec_(evaluator.file().plan), group_(group) {}

  GroupOutcome run(bool brute_force) {
    if (!varies_processes(spec_, group_))
      single();
    else if (brute_force)
      every_count();
    else
      bisect();
    if (!out_.error && !evaluator_.stopped()) each_case_alone();
    return std::move(out_);
  }

 private:
  Trial trial_at(size_t index) {
    Trial t{group_, std::vector<std::optional<CaseOutcome>>(spec_.cases.size()), false};
    t.candidate.processes = spec_.processes.at(index);
    ++out_.examined;
    return t;
  }

  // Evaluates the trial's cases, the one that last failed in this group
  // first; with !all_cases it stops at the first failure. False when the
  // evaluator stopped or failed (then out_.error says so if it was not a stop).
  bool check(Trial& t, bool all_cases) {
    const size_t n = spec_.cases.size();
    const size_t first = hardest_;
    for (size_t k = 0; k < n; ++k) {
      const size_t i = (first + k) % n;
      if (t.cases[i]) {
        if (!t.cases[i]->meets_targets && !all_cases) return true;
        continue;
      }
      auto outcome = evaluator_.evaluate(t.candidate, spec_.cases[i]);
      if (!outcome) {
        if (!evaluator_.stopped() && !out_.error) out_.error = outcome.error();
        return false;
      }
      const bool met = outcome->meets_targets;
      t.cases[i] = std::move(*outcome);
      if (!met) {
        t.failed = true;
        hardest_ = i;
        if (!all_cases) return true;
      }
    }
    return true;
  }

  std::vector<Option> options(Trial& t) {
    std::vector<Option> priced;
    if (!t.complete() && !check(t, true)) return priced;
    std::vector<CaseOutcome> cases;
    for (auto& c : t.cases) cases.push_back(std::move(*c));
    for (const auto& platform : spec_.platforms)
      priced.push_back(make_option(evaluator_, t.candidate, cases, platform));
    return priced;
  }

  void single() {
    Trial t{group_, std::vector<std::optional<CaseOutcome>>(spec_.cases.size()), false};
    ++out_.examined;
    if (!check(t, true)) return;
    note_cases_met(t, 0);
    (t.feasible() ? out_.best : out_.others) = options(t);
  }

  // Feasibility only improves with processes: find the fewest that meet
  // every target in every case, keeping the failing count just below. The
  // bracket is found by galloping up from the fewest (1, 2, 4, 8, ... steps
  // in), so that the large counts, the slowest to simulate, are run only
  // when the answer is near them; then bisection closes it.
  void bisect() {
    const size_t n = spec_.processes.size();
    if (n == 0) return;
    std::optional<Trial> best, below;
    std::optional<size_t> failing_at;
    size_t feasible_at = n;
    for (size_t step = 1, at = 0;; step *= 2) {
      Trial t = trial_at(at);
      if (!check(t, false)) return finish(best, below);  // stopped: nothing proven yet
      if (t.feasible()) {
        best = std::move(t);
        feasible_at = at;
        break;
      }
      failing_at = at;
      if (at == n - 1) {
        out_.others = options(t);  // the most processes, and still failing
        return;
      }
      below = std::move(t);
      at = std::min(n - 1, at + step);
    }
    while (feasible_at > (failing_at ? *failing_at + 1 : 0)) {
      const size_t lo = failing_at ? *failing_at + 1 : 0;
      const size_t mid = lo + (feasible_at - lo) / 2;
      Trial t = trial_at(mid);
      if (!check(t, false)) break;  // stopped: the best so far stands
      if (t.feasible()) {
        best = std::move(t);
        feasible_at = mid;
      } else {
        below = std::move(t);
        failing_at = mid;
      }
    }
    if (best) feasible_index_ = feasible_at;
    finish(best, below);
  }

  // Brute force, to check the bisection: every count in every case.
  void every_count() {
    std::optional<Trial> best, below, previous;
    for (size_t i = 0; i < spec_.processes.size(); ++i) {
      Trial t = trial_at(i);
      if (!check(t, true)) break;
      note_cases_met(t, i);
      if (t.feasible() && !best) {
        feasible_index_ = i;
        best = t;
        below = std::move(previous);
      }
      previous = std::move(t);
    }
    if (!best && previous && previous->complete()) {
      out_.others = options(*previous);
      return;
    }
    finish(best, below);
  }

  void finish(std::optional<Trial>& best, std::optional<Trial>& below) {
    if (best) out_.best = options(*best);
    if (below) out_.others = options(*below);
  }

  // One case's outcome for the group's candidate at a process index; none
  // when the evaluator stopped or failed (out_.error says which).
  std::optional<CaseOutcome> case_at(size_t index, size_t case_index) {
    Candidate candidate = group_;
    if (varies_processes(spec_, group_)) candidate.processes = spec_.processes.at(index);
    auto outcome = evaluator_.evaluate(candidate, spec_.cases[case_index]);
    if (!outcome) {
      if (!evaluator_.stopped() && !out_.error) out_.error = outcome.error();
      return std::nullopt;
    }
    return std::move(*outcome);
  }

  // For each case alone, the fewest processes that meet its targets: what
  // would be chosen if that case were known to come true. Found like the
  // fewest for every case (galloping up, then bisection), below the count
  // that meets every case when there is one (it meets this case too).
  // Where every count was judged in every case (brute force, a group of one
  // candidate), the first count meeting each case, noted on the way.
  void note_cases_met(const Trial& t, size_t index) {
    every_count_judged_ = true;
    first_met_.resize(spec_.cases.size());
    for (size_t c = 0; c < spec_.cases.size(); ++c)
      if (!first_met_[c] && t.cases[c] && t.cases[c]->meets_targets)
        first_met_[c] = std::make_pair(index, *t.cases[c]);
  }

  void price_case_choice(size_t c, size_t index, const CaseOutcome& outcome) {
    Candidate candidate = group_;
    if (varies_processes(spec_, group_)) candidate.processes = spec_.processes.at(index);
    for (const auto& platform : spec_.platforms) {
      auto bill = evaluator_.price(candidate, spec_.cases[c], outcome, platform);
      if (!bill) continue;  // the platform cannot host it: no choice there
      const Money monthly = bill->total();
      if (spec_.budget && monthly > *spec_.budget) continue;
      out_.case_choices.push_back({c, group_.variant, candidate, platform, monthly});
    }
  }

  void each_case_alone() {
    if (every_count_judged_) {
      for (size_t c = 0; c < first_met_.size(); ++c)
        if (first_met_[c]) price_case_choice(c, first_met_[c]->first, first_met_[c]->second);
      return;
    }
    const bool varies = varies_processes(spec_, group_);
    const size_t n = varies ? spec_.processes.size() : 1;
    if (n == 0) return;
    for (size_t c = 0; c < spec_.cases.size(); ++c) {
      const size_t top = feasible_index_ ? *feasible_index_ : n - 1;
      std::optional<size_t> failing_at, met_at;
      std::optional<CaseOutcome> met_outcome;
      for (size_t step = 1, at = 0;; step *= 2) {
        auto outcome = case_at(at, c);
        if (!outcome) return;
        if (outcome->meets_targets) {
          met_at = at;
          met_outcome = std::move(outcome);
          break;
        }
        failing_at = at;
        if (at == top) break;
        at = std::min(top, at + step);
      }
      if (!met_at) continue;
      while (*met_at > (failing_at ? *failing_at + 1 : 0)) {
        const size_t lo = failing_at ? *failing_at + 1 : 0;
        const size_t mid = lo + (*met_at - lo) / 2;
        auto outcome = case_at(mid, c);
        if (!outcome) return;
        if (outcome->meets_targets) {
          met_at = mid;
          met_outcome = std::move(outcome);
        } else {
          failing_at = mid;
        }
      }
      price_case_choice(c, *met_at, *met_outcome);
    }
  }

  Evaluator& evaluator_;
  const PlanSpec& spec_;
  const Candidate& group_;
  GroupOutcome out_;
  size_t hardest_ = 0;
  std::optional<size_t> feasible_index_;  // the fewest meeting every case
  bool every_count_judged_ = false;
  std::vector<std::optional<std::pair<size_t, CaseOutcome>>> first_met_;  // per case
};

void add_target_misses(const CaseOutcome& c, std::vector<Miss>& misses) {
  if (!c.failed_because.empty())
    misses.push_back({c.case_name, "simulation", "a backlog the simulator can hold",
                      c.failed_because, std::nullopt});
  for (const auto& t : c.targets)
    if (!t.met) misses.push_back({c.case_name, t.name, t.limit, t.actual, t.relative_excess()});
}

}  // namespace

bool varies_processes(const PlanSpec&, const Candidate& group) {
  return group.kind == Architecture::Kind::kSync ||
         (group.kind == Architecture::Kind::kAsync && group.autoscale_max == 0);
}

std::vector<Candidate> candidate_groups(const PlanSpec& spec) {
  std::vector<Candidate> groups;
  const bool autoscaling = spec.autoscale_min && spec.autoscale_max;
  for (auto kind : spec.kinds)
    for (size_t v = 0; v < spec.variants.size(); ++v) {
      Candidate c;
      c.kind = kind;
      c.variant = v;
      c.processes = spec.processes.size() > 0 ? spec.processes.front() : 1;
      if (kind == Architecture::Kind::kServerless) {
        c.processes = 1;
        for (double memory : spec.function_memory_gib) {
          c.function_memory_gib = memory;
          groups.push_back(c);
        }
        continue;
      }
      for (size_t t = 0; t < spec.tasks.size(); ++t) {
        c.task = t;
        if (kind == Architecture::Kind::kSync) {
          groups.push_back(c);
          continue;
        }
        for (size_t k = 0; k < spec.concurrency.size(); ++k) {
          c.concurrency = spec.concurrency.at(k);
          if (!autoscaling) {
            groups.push_back(c);
            continue;
          }
          for (size_t lo = 0; lo < spec.autoscale_min->size(); ++lo)
            for (size_t hi = 0; hi < spec.autoscale_max->size(); ++hi) {
              if (spec.autoscale_min->at(lo) > spec.autoscale_max->at(hi)) continue;
              c.autoscale_min = c.processes = spec.autoscale_min->at(lo);
              c.autoscale_max = spec.autoscale_max->at(hi);
              groups.push_back(c);
            }
        }
      }
    }
  return groups;
}

GroupOutcome examine_group(Evaluator& evaluator, const Candidate& group, bool brute_force) {
  return GroupExaminer(evaluator, group).run(brute_force);
}

Option make_option(const Evaluator& evaluator, const Candidate& candidate,
                   std::vector<CaseOutcome> cases, const std::string& platform) {
  const PlanSpec& spec = evaluator.file().plan;
  Option o;
  o.candidate = candidate;
  o.platform = platform;
  o.cases = std::move(cases);
  o.meets_targets = true;
  for (size_t i = 0; i < o.cases.size(); ++i) {
    o.meets_targets = o.meets_targets && o.cases[i].meets_targets;
    add_target_misses(o.cases[i], o.misses);
    if (!o.bill_error.empty()) continue;
    auto bill = evaluator.price(candidate, spec.cases.at(i), o.cases[i], platform);
    if (!bill) {
      o.bill_error = bill.error().message();
      o.bills.clear();
      continue;
    }
    o.bills.push_back(std::move(*bill));
  }
  if (!o.bill_error.empty()) return o;
  o.reference_monthly = o.bills.at(std::min(spec.reference_case, o.bills.size() - 1)).total();
  if (spec.budget)
    for (size_t i = 0; i < o.bills.size(); ++i) {
      const Money total = o.bills[i].total();
      if (total <= *spec.budget) continue;
      o.within_budget = false;
      std::optional<double> excess;
      if (spec.budget->dollars_f() > 0)
        excess = (total - *spec.budget).dollars_f() / spec.budget->dollars_f();
      o.misses.push_back(
          {o.cases[i].case_name, "budget", spec.budget->format(), total.format(), excess});
    }
  return o;
}

}  // namespace stackplan::plan
