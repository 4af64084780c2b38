// The `plan:` section of a scenario file: what `stackplan plan` may vary, the
// uncertain inputs every answer must hold under, and the budget
// (docs/PLAN.md has the guide, docs/SCENARIOS.md every field).
//
//   plan:
//     architectures: [async, serverless]     # default: the scenario's kind
//     workers:
//       processes: 1..40                     # async workers, sync API processes
//       concurrency: [5, 10, 20, 100]        # async only
//     tasks:                                 # container size of the sized tier
//       - {vcpu: 0.25, memory: 512MB}
//       - {vcpu: 0.5, memory: 1GB}
//     function_memory: [512MB, 1GB]          # serverless only
//     autoscaling: {min: 1..2, max: [5, 10]} # only when autoscaling is enabled
//     platforms: [aws, railway, render]      # default: deploy.platforms, else aws
//     budget: $50                            # per month, in every case
//     cases:                                 # uncertain inputs: a plan holds in all
//       - {name: low, peak: 30/s, orders_per_month: 100000}
//       - {name: high, peak: 60/s, orders_per_month: 1100000}
//     variants:                              # alternatives to choose between
//       - {name: python, work: 171s}
//       - {name: go, work: 60s, build_cost: $30000}
//     reference: high                        # default: the first case
//     tiers: {worker: worker, api: api, function: function}
//     fixed_services: [frontend]             # billed as deployed, not simulated
//     replications: 3
//     close_margin: 10%
//     volumes: 1000..100000000               # orders/month for volume flip points
//     peaks: 30/s..90/s                      # for peak flip points
//
// A range `a..b` is inclusive; a list is written in ascending order without
// repeats. An empty or reversed range, an empty list, or a dimension that the
// chosen architectures do not have (concurrency without async) is an error
// at its file:line:column.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/distribution.h"
#include "core/duration.h"
#include "core/money.h"
#include "core/status.h"
#include "cost/cost_scenario.h"
#include "scenario/scenario.h"

namespace stackplan::plan {

// Whole-number choices: an inclusive range (kept as its two ends, so a wide
// range costs no memory) or an ascending list.
class IntChoices {
 public:
  static IntChoices range(int64_t first, int64_t last);  // first <= last
  static IntChoices list(std::vector<int64_t> ascending);
  static IntChoices single(int64_t value) { return range(value, value); }
  size_t size() const;
  int64_t at(size_t index) const;  // index < size()
  int64_t front() const { return at(0); }
  int64_t back() const { return at(size() - 1); }
  // "1..40" or "[5, 10, 20]", as written.
  std::string describe() const;

 private:
  bool is_range_ = true;
  int64_t first_ = 1, last_ = 1;
  std::vector<int64_t> list_;
};

// A container size for the tier the plan sizes (async workers, the sync API).
struct TaskSize {
  double vcpu = 0;
  double memory_gib = 0;
  std::string describe() const;  // "0.5 vCPU / 1 GiB"
};

// Inputs over the scenario's own: a case (something uncertain, which every
// answer must survive) or a variant (an alternative to choose between, such
// as a rewrite in another language). Unset fields keep the scenario's value.
struct InputOverrides {
  // Open traffic: the rate curve scaled so that its highest segment is this
  // many orders/s. Closed traffic cannot take a peak (use users).
  std::optional<double> peak_per_second;
  std::optional<int64_t> users;                    // closed traffic only
  std::optional<Distribution> service_time;        // architecture.dependency.service_time
  std::optional<Distribution> work;                // architecture.cpu.work
  std::optional<Duration> patience;                // traffic.patience
  std::optional<cost::Quantity> orders_per_month;  // usage.orders_per_month
};

struct NamedInputs {
  std::string name;
  InputOverrides inputs;
  // Variants only: what adopting it costs once (the rewrite), for payback.
  std::optional<Money> build_cost;
};

// An inclusive range of a real-valued input, for flip-point searches.
struct RealRange {
  double from = 0, to = 0;  // from < to
};

struct PlanSpec {
  std::vector<Architecture::Kind> kinds;    // never empty after parsing
  IntChoices processes;                     // async workers / sync API processes
  IntChoices concurrency;                   // async worker concurrency
  std::vector<TaskSize> tasks;              // never empty: default the deployed size
  std::vector<double> function_memory_gib;  // never empty when serverless is a kind
  // Present only when the scenario enables autoscaling.
  std::optional<IntChoices> autoscale_min, autoscale_max;
  std::vector<std::string> platforms;  // never empty
  std::optional<Money> budget;         // monthly, in every case
  std::vector<NamedInputs> cases;      // never empty: default one case, "as written"
  std::vector<NamedInputs> variants;   // never empty: default one variant, "as written"
  size_t reference_case = 0;           // index into cases
  // Simulated tier ("api", "worker", "function") -> the deployed service
  // that runs it (for "function": the deploy's function). Default: the same
  // name. Every tier of every kind searched has an entry after parsing.
  std::map<std::string, std::string> tiers;
  std::vector<std::string> fixed_services;  // deployed and billed, not simulated
  int replications = 3;                     // runs for a candidate with a figure near a limit
  double close_margin = 0.1;                // "near": within this fraction of the limit
  std::optional<RealRange> volumes;         // orders/month; default from the cases
  std::optional<RealRange> peaks;           // orders/s; default from the cases
};

// Everything `stackplan plan` reads from one file.
struct PlanFile {
  std::string path;
  Scenario scenario;        // traffic, architecture, targets, simulation
  cost::CostScenario cost;  // deploy, usage (stages, tco and break_even are ignored)
  PlanSpec plan;
};

// Reads the file's simulator, cost and plan sections and checks that they
// join: each simulated tier of each kind searched maps to a deployed service
// (or the function), and each deployed service is some tier's or fixed. A
// mismatch is an error naming both sides. All errors come back together,
// each with file:line:column.
// `overrides` are `--set PATH=VALUE` assignments, applied to the file before
// each of the three readers (core/yaml_override.h).
Result<PlanFile> load_plan_file(const std::string& path,
                                const std::vector<std::string>& overrides = {});
Result<PlanFile> parse_plan_text(const std::string& text, const std::string& label,
                                 const std::string& base_dir = ".",
                                 const std::vector<std::string>& overrides = {});

}  // namespace stackplan::plan
