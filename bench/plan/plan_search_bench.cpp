// One search of a plan file, timed: the planner's search (prune, cache,
// bisection) or brute force (every candidate in every case, no prune, no
// cache), without the flip points and sensitivity that `stackplan plan` runs
// after it. bench/plan-vs-brute-force runs it both ways, alternating.
//
//   plan_search_bench FILE [--brute-force] [--jobs N] [--widen K] [--catalog DIR]
//
// --widen K multiplies the top of the process range by K (the same plan over
// a larger space, for memory). Prints one JSON object.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

#include "cost/catalog.h"
#include "cost/catalog_location.h"
#include "plan/evaluate.h"
#include "plan/plan_spec.h"
#include "plan/search.h"

namespace {

using namespace stackplan;

// Each platform's best (candidate key and reference bill) and the
// least-regret choice: what the two searches must agree on.
std::string answer(const plan::SearchResult& r) {
  std::string s;
  for (const auto& p : r.platforms) {
    s += p.platform + ": ";
    s += p.best ? p.best->candidate.key() + " " + p.best->reference_monthly.format(2) : "none";
    s += "; ";
  }
  if (r.least_regret)
    s += "least regret: " + r.least_regret->option.candidate.key() + " on " +
         r.least_regret->option.platform;
  return s;
}

int fail(const std::string& message) {
  std::fprintf(stderr, "plan_search_bench: %s\n", message.c_str());
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string path, catalog_flag;
  bool brute_force = false;
  int jobs = 1;
  long widen = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--brute-force") {
      brute_force = true;
    } else if (arg == "--jobs" && i + 1 < argc) {
      jobs = std::atoi(argv[++i]);
    } else if (arg == "--widen" && i + 1 < argc) {
      widen = std::atol(argv[++i]);
    } else if (arg == "--catalog" && i + 1 < argc) {
      catalog_flag = argv[++i];
    } else if (path.empty()) {
      path = arg;
    } else {
      return fail("usage: plan_search_bench FILE [--brute-force] [--jobs N] [--widen K]");
    }
  }
  if (path.empty() || jobs < 1 || widen < 1)
    return fail("usage: plan_search_bench FILE [--brute-force] [--jobs N] [--widen K]");

  auto dir = cost::find_catalog_dir(catalog_flag);
  if (!dir) return fail(dir.error().message());
  auto catalog = cost::Catalog::load_directory(*dir);
  if (!catalog) return fail(catalog.error().message());
  auto file = plan::load_plan_file(path);
  if (!file) return fail(file.error().message());
  if (widen > 1)
    file->plan.processes =
        plan::IntChoices::range(file->plan.processes.front(), file->plan.processes.back() * widen);

  const auto start = std::chrono::steady_clock::now();
  plan::Evaluator evaluator(*file, *catalog, {.prune = !brute_force, .cache = !brute_force});
  auto result = plan::search(evaluator, {.jobs = jobs, .brute_force = brute_force, .progress = {}});
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  if (!result) return fail(result.error().message());

  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto& stats = result->stats;
  nlohmann::json out{{"mode", brute_force ? "brute force" : "search"},
                     {"wall_seconds", took.count()},
                     {"candidates", stats.candidates},
                     {"cases", stats.cases},
                     {"evaluations", stats.evaluator.evaluations},
                     {"simulations", stats.evaluator.simulations},
                     {"pruned", stats.evaluator.pruned},
                     {"cache_hits", stats.evaluator.cache_hits},
                     {"complete", stats.complete},
                     {"answer", answer(*result)},
                     {"max_rss_kib", usage.ru_maxrss}};
  std::printf("%s\n", out.dump().c_str());
  return 0;
}
