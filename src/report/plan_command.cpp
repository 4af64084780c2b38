#include "report/plan_command.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>

#include "core/money.h"
#include "cost/bill.h"
#include "cost/catalog.h"
#include "cost/catalog_check.h"
#include "cost/catalog_location.h"
#include "plan/analysis.h"
#include "plan/candidate.h"
#include "plan/evaluate.h"
#include "plan/plan_result.h"
#include "plan/plan_spec.h"
#include "plan/search.h"
#include "report/html_report.h"
#include "report/plan_report.h"

namespace stackplan::report {
namespace {

// Past this many candidate evaluations (candidates x cases) a search runs
// long enough that the user should choose: a budget of simulations, or a
// narrower space.
constexpr uint64_t kMaxEvaluationsWithoutLimit = 1'000'000;
// Progress starts once the search has run this long: a quick plan prints none.
constexpr auto kQuietStart = std::chrono::seconds(1);

// Loads the catalog and refuses one that fails `catalog check`, as
// `stackplan cost` does: a plan is priced by the same rules.
Result<cost::Catalog> load_checked_catalog(const std::string& dir_flag) {
  auto dir = cost::find_catalog_dir(dir_flag);
  if (!dir) return dir.error();
  auto catalog = cost::Catalog::load_directory(*dir);
  if (!catalog) return catalog.error();
  const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  if (auto st = cost::catalog_errors(cost::check_catalog(*catalog, {today, std::nullopt})); !st)
    return Error(st.message());
  return catalog;
}

Status use_platforms(const std::vector<std::string>& requested, plan::PlanSpec& spec) {
  if (requested.empty()) return Status::Ok();
  std::vector<std::string> chosen;
  for (const auto& p : requested) {
    if (std::find(cost::kPlatforms.begin(), cost::kPlatforms.end(), p) == cost::kPlatforms.end())
      return Error(
          fmt::format("--platform {}: expected one of {}", p, fmt::join(cost::kPlatforms, ", ")));
    if (std::find(chosen.begin(), chosen.end(), p) == chosen.end()) chosen.push_back(p);
  }
  spec.platforms = std::move(chosen);
  return Status::Ok();
}

uint64_t saturating_product(uint64_t a, uint64_t b) {
  if (a != 0 && b > UINT64_MAX / a) return UINT64_MAX;
  return a * b;
}

Status check_space(const PlanRequest& request, const plan::PlanSpec& spec) {
  const uint64_t candidates = plan::count_candidates(spec);
  const uint64_t evaluations = saturating_product(candidates, spec.cases.size());
  if (evaluations <= kMaxEvaluationsWithoutLimit || request.max_simulations > 0)
    return Status::Ok();
  return Error(fmt::format(
      "{}: the plan space holds {} candidate configurations x {} cases = {} evaluations, more "
      "than {}: pass --max-simulations N to search it with a bound, or narrow the ranges of "
      "the plan: section",
      request.path, group_thousands(candidates), spec.cases.size(), group_thousands(evaluations),
      group_thousands(kMaxEvaluationsWithoutLimit)));
}

using Clock = std::chrono::steady_clock;

// The search: "searching: 312 simulations (41/s), 120 of 2,400 candidates
// examined, 7 s". Peak flip points, which size the chosen configuration at
// each peak they try: "peak flip points: 412 simulations in all, 45 s".
// Seconds count from the start of the command; nothing is shown in its first
// second.
std::function<void(const plan::SearchStats&)> progress_reporter(const PlanRequest& request,
                                                                Clock::time_point command_start,
                                                                bool peak_flips) {
  if (!request.progress) return {};
  const auto phase_start = Clock::now();
  return [=, report = request.progress](const plan::SearchStats& stats) {
    const std::chrono::duration<double> elapsed = Clock::now() - command_start;
    if (elapsed < kQuietStart) return;
    if (peak_flips) {
      report(fmt::format("peak flip points: {} simulations in all, {:.0f} s",
                         group_thousands(stats.evaluator.simulations), elapsed.count()));
      return;
    }
    const std::chrono::duration<double> searching = Clock::now() - phase_start;
    const double rate = static_cast<double>(stats.evaluator.simulations) / searching.count();
    report(
        fmt::format("searching: {} simulations ({:.0f}/s), {} of {} candidates examined, {:.0f} s",
                    group_thousands(stats.evaluator.simulations), rate,
                    group_thousands(stats.candidates_examined), group_thousands(stats.candidates),
                    elapsed.count()));
  };
}

bool found_answer(const plan::SearchResult& result) {
  return std::any_of(result.platforms.begin(), result.platforms.end(),
                     [](const plan::PlatformAnswer& p) { return p.best.has_value(); });
}

// The option sensitivity is measured on: the least-regret choice, else the
// cheapest feasible in the reference case.
std::optional<plan::Option> chosen_option(const plan::SearchResult& result) {
  if (result.least_regret) return result.least_regret->option;
  std::optional<plan::Option> cheapest;
  for (const auto& p : result.platforms)
    if (p.best && (!cheapest || p.best->reference_monthly < cheapest->reference_monthly))
      cheapest = p.best;
  return cheapest;
}

// Flip points, sensitivity and payback; one that fails becomes a note, the
// search's answer stands.
void analyse(plan::Evaluator& evaluator, const PlanRequest& request,
             Clock::time_point command_start, plan::PlanResult& out) {
  if (auto flips = plan::volume_flip_points(evaluator, out.search))
    out.volume_flips = std::move(*flips);
  else
    out.notes.push_back("volume flip points not found: " + flips.error().message());
  plan::PeakProgress peak_progress;
  if (auto report = progress_reporter(request, command_start, true))
    peak_progress = [report](const plan::EvaluatorStats& evaluator_stats) {
      plan::SearchStats stats;
      stats.evaluator = evaluator_stats;
      report(stats);
    };
  if (auto flips = plan::peak_flip_points(evaluator, out.search, peak_progress))
    out.peak_flips = std::move(*flips);
  else
    out.notes.push_back("peak flip points not found: " + flips.error().message());
  if (auto chosen = chosen_option(out.search)) {
    if (auto rows = plan::sensitivity(evaluator, *chosen))
      out.sensitivity = std::move(*rows);
    else
      out.notes.push_back("sensitivity not measured: " + rows.error().message());
  }
  out.payback = plan::variant_payback(out.spec, out.search);
}

Result<std::string> render(const plan::PlanResult& result, const std::string& format) {
  if (format == "text") return plan_text(result);
  if (format == "markdown") return plan_markdown(result);
  if (format == "json") return plan_json(result);
  return Error("--format " + format + ": expected text, markdown or json");
}

}  // namespace

Result<PlanOutput> run_plan_command(const PlanRequest& request) {
  const auto command_start = Clock::now();
  if (request.format != "text" && request.format != "markdown" && request.format != "json")
    return Error("--format " + request.format + ": expected text, markdown or json");
  if (request.jobs < 1) return Error(fmt::format("--jobs {}: at least 1", request.jobs));
  auto catalog = load_checked_catalog(request.catalog_dir);
  if (!catalog) return catalog.error();
  auto file = plan::load_plan_file(request.path, request.overrides);
  if (!file) return file.error();
  if (Status st = use_platforms(request.platforms, file->plan); !st) return Error(st.message());
  if (Status st = check_space(request, file->plan); !st) return Error(st.message());

  plan::EvaluatorOptions evaluator_options;
  evaluator_options.prune = evaluator_options.cache = !request.brute_force;
  evaluator_options.stop = request.stop;
  evaluator_options.max_simulations = request.max_simulations;
  plan::Evaluator evaluator(*file, *catalog, evaluator_options);
  plan::SearchOptions search_options;
  search_options.jobs = request.jobs;
  search_options.brute_force = request.brute_force;
  search_options.progress = progress_reporter(request, command_start, false);
  auto searched = plan::search(evaluator, search_options);
  if (!searched) return searched.error();

  plan::PlanResult result;
  result.scenario = file->scenario.name;
  result.file = request.path;
  result.spec = file->plan;
  result.search = std::move(*searched);
  const bool answered = found_answer(result.search);
  if (answered && result.search.stats.complete)
    analyse(evaluator, request, command_start, result);
  else if (answered)
    result.notes.emplace_back(
        "flip points and sensitivity were not searched: the search stopped early");
  // The analyses can run into the stop flag or the simulation budget too:
  // then the report is not the whole answer, and says so.
  // (Peak flip points search with evaluators of their own: the stop flag
  // tells whether Ctrl-C reached them.)
  const bool interrupted = request.stop && request.stop->load();
  if (result.search.stats.complete && (evaluator.stopped() || interrupted)) {
    result.search.stats.complete = false;
    const std::string why = evaluator.stopped() ? evaluator.stopped_because() : "interrupted";
    result.search.stats.stopped_because = why + " during the flip-point and sensitivity analyses";
  }
  auto report = render(result, request.format);
  if (!report) return report.error();
  PlanOutput out;
  out.report = std::move(*report);
  if (request.want_html) {
    // The report reads the plan as `--json` writes it, as it does a saved one.
    auto html =
        render_report({{"", nlohmann::json::parse(plan_json(result)), ""}}, ReportFormat::kHtml);
    if (!html) return html.error();
    out.html = std::move(*html);
  }
  out.exit_status = answered && result.search.stats.complete ? 0 : 1;
  return out;
}

}  // namespace stackplan::report
