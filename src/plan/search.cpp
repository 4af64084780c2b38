#include "plan/search.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <limits>
#include <map>
#include <mutex>
#include <thread>
#include <utility>

#include "plan/search_groups.h"

namespace stackplan::plan {
namespace {

// Options shown next to each platform's answer: enough to show the price of
// the next saving without burying the answer.
constexpr size_t kMaxCheaperFailing = 3;
constexpr auto kProgressInterval = std::chrono::milliseconds(200);

double worst_excess(const Option& o) {
  double worst = -std::numeric_limits<double>::infinity();
  for (const auto& m : o.misses)
    worst = std::max(worst, m.relative_excess.value_or(std::numeric_limits<double>::infinity()));
  return worst;
}

const Miss* worst_miss(const Option& o) {
  const Miss* worst = nullptr;
  double excess = -std::numeric_limits<double>::infinity();
  for (const auto& m : o.misses) {
    double e = m.relative_excess.value_or(std::numeric_limits<double>::infinity());
    if (!worst || e > excess) {
      worst = &m;
      excess = e;
    }
  }
  return worst;
}

// The option that came closest: the smallest largest relative excess, then
// the cheapest, then search order.
const Option* closest_of(const std::vector<const Option*>& options) {
  const Option* best = nullptr;
  for (const Option* o : options) {
    if (!o->bill_error.empty() || o->misses.empty()) continue;
    if (!best || worst_excess(*o) < worst_excess(*best) ||
        (worst_excess(*o) == worst_excess(*best) && o->reference_monthly < best->reference_monthly))
      best = o;
  }
  return best;
}

std::string miss_in_words(const Miss& m) {
  if (m.relative_excess)
    return fmt::format("misses {} in case {} by {:.0f}% ({} against {})", m.target, m.case_name,
                       *m.relative_excess * 100, m.actual, m.limit);
  return fmt::format("misses {} in case {} ({} against {})", m.target, m.case_name, m.actual,
                     m.limit);
}

std::string none_because(const std::string& platform, const std::vector<const Option*>& failing,
                         const PlanSpec& spec) {
  if (const Option* c = closest_of(failing))
    return fmt::format("no configuration meets {} on {}: the closest, {}, {}",
                       worst_miss(*c)->target, platform, c->candidate.describe(spec),
                       miss_in_words(*worst_miss(*c)));
  for (const Option* o : failing)
    if (!o->bill_error.empty())
      return fmt::format("no configuration can be priced on {}: {}", platform, o->bill_error);
  return fmt::format("no configuration was examined on {}", platform);
}

bool cheaper(const Option& a, const Option& b) { return a.reference_monthly < b.reference_monthly; }

// Per-group results merged in group order: the result does not depend on
// which thread examined which group.
Result<SearchResult> merge(const PlanSpec& spec, std::vector<GroupOutcome>& groups) {
  SearchResult result;
  for (auto& g : groups)
    if (g.error) return *g.error;
  std::vector<const Option*> all_failing;
  for (size_t p = 0; p < spec.platforms.size(); ++p) {
    PlatformAnswer answer;
    answer.platform = spec.platforms[p];
    std::vector<const Option*> failing;
    for (const auto& g : groups) {
      if (g.best.size() > p) {
        const Option& o = g.best[p];
        if (o.feasible()) {
          if (!answer.best || cheaper(o, *answer.best)) answer.best = o;
          result.feasible.push_back(o);
        } else {
          failing.push_back(&o);
        }
      }
      if (g.others.size() > p) failing.push_back(&g.others[p]);
    }
    std::vector<const Option*> shown;
    for (const Option* o : failing)
      if (o->bill_error.empty() && (!answer.best || cheaper(*o, *answer.best))) shown.push_back(o);
    std::stable_sort(shown.begin(), shown.end(),
                     [](const Option* a, const Option* b) { return cheaper(*a, *b); });
    for (size_t i = 0; i < shown.size() && i < kMaxCheaperFailing; ++i)
      answer.cheaper_failing.push_back(*shown[i]);
    if (!answer.best) answer.none_because = none_because(answer.platform, failing, spec);
    all_failing.insert(all_failing.end(), failing.begin(), failing.end());
    result.platforms.push_back(std::move(answer));
  }
  if (result.feasible.empty()) {
    if (const Option* c = closest_of(all_failing)) {
      result.closest = *c;
      const Miss& m = *worst_miss(*c);
      result.infeasible_because =
          fmt::format("no configuration meets {} in case {}: the closest, {} on {}, {}", m.target,
                      m.case_name, c->candidate.describe(spec), c->platform, miss_in_words(m));
    } else {
      result.infeasible_because = result.platforms.empty() ? "no platform to plan for"
                                                           : result.platforms.front().none_because;
    }
  }
  // Per case and variant, the cheapest over the groups (in group order, so a
  // tie keeps the first).
  for (size_t c = 0; c < spec.cases.size(); ++c)
    for (size_t v = 0; v < spec.variants.size(); ++v) {
      const CaseChoice* cheapest = nullptr;
      for (const auto& g : groups)
        for (const CaseChoice& choice : g.case_choices)
          if (choice.case_index == c && choice.variant == v &&
              (!cheapest || choice.monthly < cheapest->monthly))
            cheapest = &choice;
      if (cheapest) result.case_choices.push_back(*cheapest);
    }
  result.least_regret = least_regret(spec, result.feasible, result.case_choices);
  return result;
}

uint64_t saturating_product(uint64_t a, uint64_t b) {
  if (a == 0 || b == 0) return 0;
  return a > std::numeric_limits<uint64_t>::max() / b ? std::numeric_limits<uint64_t>::max()
                                                      : a * b;
}

}  // namespace

Result<SearchResult> search(Evaluator& evaluator, const SearchOptions& options) {
  const PlanSpec& spec = evaluator.file().plan;
  if (spec.cases.empty()) return Error("the plan has no case to judge candidates in");
  if (spec.platforms.empty()) return Error("the plan has no platform to price candidates on");
  const std::vector<Candidate> groups = candidate_groups(spec);
  std::vector<GroupOutcome> outcomes(groups.size());
  std::atomic<size_t> next_group{0};
  std::atomic<uint64_t> examined{0};

  SearchStats stats;
  stats.candidates = count_candidates(spec);
  stats.cases = spec.cases.size();
  stats.brute_force_evaluations = saturating_product(stats.candidates, stats.cases);

  std::mutex done_mutex;
  std::condition_variable done_signal;
  int running = std::max(1, options.jobs);
  {
    std::vector<std::jthread> workers;
    for (int j = 0; j < std::max(1, options.jobs); ++j)
      workers.emplace_back([&] {
        for (size_t g = next_group++; g < groups.size(); g = next_group++) {
          // Stopped (Ctrl-C, --max-simulations): the groups left are not
          // started, so the best so far comes back at once.
          if (evaluator.stopped()) break;
          outcomes[g] = examine_group(evaluator, groups[g], options.brute_force);
          examined += outcomes[g].examined;
        }
        std::lock_guard lock(done_mutex);
        --running;
        done_signal.notify_all();
      });
    std::unique_lock lock(done_mutex);
    while (running > 0) {
      if (done_signal.wait_for(lock, kProgressInterval, [&] { return running == 0; })) break;
      if (options.progress) {
        stats.candidates_examined = examined;
        stats.evaluator = evaluator.stats();
        lock.unlock();
        options.progress(stats);
        lock.lock();
      }
    }
  }
  auto result = merge(spec, outcomes);
  if (!result) return result;
  stats.candidates_examined = examined;
  stats.evaluator = evaluator.stats();
  stats.stopped_because = evaluator.stopped_because();
  stats.complete = stats.stopped_because.empty();
  result->stats = stats;
  return result;
}

}  // namespace stackplan::plan
