// Judges one candidate in one case: the capacity model first (a candidate it
// proves hopeless is never simulated), then the simulation, replicated only
// where a figure lands near its limit, then the targets; and prices the
// outcome on a platform. Identical simulations are run once.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/duration.h"
#include "core/status.h"
#include "cost/bill.h"
#include "cost/catalog.h"
#include "plan/candidate.h"
#include "plan/plan_spec.h"
#include "sim/result.h"
#include "sim/targets.h"

namespace stackplan::plan {

// The simulated figures a plan shows for a candidate in a case (the first
// run's; targets are judged on the mean over all runs).
struct CaseFigures {
  uint64_t accepted = 0, completed = 0, abandoned = 0, failed = 0, duplicates = 0;
  std::optional<Duration> accept_p95, accept_p99, order_p95;
  bool drained = true;
  Duration drain_time;
  // The queue's peak visible plus its peak in flight (the two peaks may fall
  // at different moments: an upper bound, as max_backlog judges it).
  uint64_t peak_backlog = 0;
  double accepted_per_second = 0;
};

struct CaseOutcome {
  std::string case_name;
  // Decided by the capacity model (sim/capacity.h) without simulating:
  // `pruned_because` says which target it cannot meet and why.
  bool pruned = false;
  std::string pruned_because;
  // The simulation could not finish (its backlog outgrew the simulator's
  // bound): the candidate fails, and this says why.
  std::string failed_because;
  int runs = 0;  // simulations behind the figures; 0 when pruned
  CaseFigures figures;
  std::vector<sim::TargetCheck> targets;
  bool meets_targets = false;
  // What the bill needs from the run (scenario, traffic_time,
  // orders.accepted, resources). Its histograms hold no buckets, to keep
  // memory flat: they read as empty (count() 0); the figures above are the
  // run's latencies.
  sim::SimResult usage_source;

  // Whether `figures` come from a finished run (not pruned, not stopped by
  // its backlog); otherwise they are defaults and must not be shown.
  bool has_figures() const { return !pruned && failed_because.empty(); }
};

struct EvaluatorOptions {
  bool prune = true;  // skip what the capacity model proves hopeless
  bool cache = true;  // run identical simulations once
  // Set from outside (Ctrl-C): evaluations not yet started fail with
  // stopped() true; those running finish.
  const std::atomic<bool>* stop = nullptr;
  // Simulations allowed in all (0: no limit). Past it, evaluations fail with
  // stopped() true.
  uint64_t max_simulations = 0;
};

struct EvaluatorStats {
  uint64_t evaluations = 0;  // evaluate() calls
  uint64_t simulations = 0;  // runs, replications included
  uint64_t cache_hits = 0;
  uint64_t pruned = 0;
  uint64_t replicated = 0;  // evaluations that needed replications
};

class Evaluator {
 public:
  Evaluator(const PlanFile& file, const cost::Catalog& catalog, EvaluatorOptions options);

  // Safe to call from several threads at once. Deterministic: the same
  // candidate and inputs give the same outcome whatever the order of calls.
  Result<CaseOutcome> evaluate(const Candidate& candidate, const NamedInputs& inputs);

  // The month's bill for the candidate on `platform` in this case: usage
  // scaled from the outcome's simulation to `orders_per_month` when given,
  // else to the case's (or the scenario's) usage. A platform that cannot
  // host the candidate (functions off AWS) is an error saying so.
  Result<cost::Bill> price(const Candidate& candidate, const NamedInputs& inputs,
                           const CaseOutcome& outcome, const std::string& platform,
                           std::optional<cost::Quantity> orders_per_month = std::nullopt) const;

  EvaluatorStats stats() const;
  // The stop flag was raised or max_simulations reached.
  bool stopped() const;
  // Why, in words: "interrupted", "--max-simulations 500 reached"; empty
  // when not stopped.
  std::string stopped_because() const;
  const EvaluatorOptions& options() const { return options_; }
  const PlanFile& file() const { return file_; }

 private:
  const PlanFile& file_;
  const cost::Catalog& catalog_;
  EvaluatorOptions options_;
  mutable std::mutex mutex_;
  EvaluatorStats stats_;
  bool limit_reached_ = false;  // max_simulations refused a run
  std::map<std::string, std::shared_ptr<const CaseOutcome>> cache_;
};

}  // namespace stackplan::plan
