// find_flip_points over synthetic oracles whose flips are known exactly, and
// the volume and peak flip points of a small flash sale.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "engine_fixture.h"
#include "plan/analysis.h"
#include "plan/evaluate.h"
#include "support/must.h"

namespace stackplan::plan {
namespace {

using test::error_of;
using test::must;

Recommendation answer(const std::string& key) {
  return Recommendation{key, "the " + key + " answer", Money::from_dollars(1)};
}

// An oracle that answers keys[i] on [bounds[i-1], bounds[i]) and counts its calls.
struct StepOracle {
  std::vector<double> bounds;     // ascending
  std::vector<std::string> keys;  // bounds.size() + 1
  int calls = 0;

  RecommendationAt function() {
    return [this](double value) -> Result<Recommendation> {
      ++calls;
      size_t i = 0;
      while (i < bounds.size() && value >= bounds[i]) ++i;
      return answer(keys[i]);
    };
  }
};

FlipSearch linear(double from, double to) {
  FlipSearch search;
  search.input = "peak";
  search.from = from;
  search.to = to;
  return search;
}

TEST(FlipPoints, OneFlipIsFoundToTheRelativeResolution) {
  StepOracle oracle{{1234.5678}, {"lambda", "fargate"}};
  FlipSearch search = linear(0, 10000);
  search.relative_resolution = 1e-4;
  auto flips = must(find_flip_points(search, oracle.function()));
  ASSERT_EQ(flips.size(), 1u);
  EXPECT_EQ(flips[0].input, "peak");
  EXPECT_EQ(flips[0].below.key, "lambda");
  EXPECT_EQ(flips[0].above.key, "fargate");
  EXPECT_EQ(flips[0].above.description, "the fargate answer");
  // `at` answers `above`, and lies within the resolution of the true flip.
  EXPECT_GE(flips[0].at, 1234.5678);
  EXPECT_LE(flips[0].at - 1234.5678, 1e-4 * flips[0].at);
}

TEST(FlipPoints, WholeNumbersAreBisectedToTheExactFlip) {
  // A volume flip over four decades, on a ratio-spaced grid.
  StepOracle oracle{{1'070'123}, {"lambda", "fargate"}};
  FlipSearch search = linear(1000, 100'000'000);
  search.input = "orders_per_month";
  search.whole_numbers = true;
  search.log_scale = true;
  auto flips = must(find_flip_points(search, oracle.function()));
  ASSERT_EQ(flips.size(), 1u);
  EXPECT_EQ(flips[0].at, 1'070'123);
  // Bisection, not a walk: the grid plus about log2 of the bracket.
  EXPECT_LE(oracle.calls, search.grid_points + 40);
}

TEST(FlipPoints, TwoFlipsInDifferentGridIntervals) {
  StepOracle oracle{{12.5, 71.25}, {"one process", "two processes", "three processes"}};
  auto flips = must(find_flip_points(linear(0, 100), oracle.function()));
  ASSERT_EQ(flips.size(), 2u);
  EXPECT_NEAR(flips[0].at, 12.5, 0.001 * 12.5);
  EXPECT_EQ(flips[0].below.key, "one process");
  EXPECT_EQ(flips[0].above.key, "two processes");
  EXPECT_NEAR(flips[1].at, 71.25, 0.001 * 71.25);
  EXPECT_EQ(flips[1].below.key, "two processes");
  EXPECT_EQ(flips[1].above.key, "three processes");
}

TEST(FlipPoints, TwoChangesBetweenTheSameGridPointsAreBothFound) {
  // A -> B -> C between grid points 0 and 100 (a two-point grid): the bracket
  // is walked again from the first change.
  StepOracle oracle{{30, 60}, {"a", "b", "c"}};
  FlipSearch search = linear(0, 100);
  search.grid_points = 2;
  auto flips = must(find_flip_points(search, oracle.function()));
  ASSERT_EQ(flips.size(), 2u);
  EXPECT_NEAR(flips[0].at, 30, 0.03);
  EXPECT_NEAR(flips[1].at, 60, 0.06);
  EXPECT_EQ(flips[1].above.key, "c");
}

TEST(FlipPoints, NoFlipWhenTheAnswerNeverChanges) {
  StepOracle oracle{{}, {"always"}};
  auto flips = must(find_flip_points(linear(1, 2), oracle.function()));
  EXPECT_TRUE(flips.empty());
  EXPECT_EQ(oracle.calls, linear(1, 2).grid_points);  // the grid, nothing more
}

TEST(FlipPoints, AFlipAndBackBetweenGridPointsIsMissedByACoarseGridOnly) {
  // "b" only on [40, 42): both neighbours of a five-point grid (25, 50)
  // answer "a", so nothing looks like a change. This is the documented limit.
  StepOracle oracle{{40, 42}, {"a", "b", "a"}};
  FlipSearch coarse = linear(0, 100);
  coarse.grid_points = 5;
  EXPECT_TRUE(must(find_flip_points(coarse, oracle.function())).empty());

  FlipSearch fine = linear(0, 100);
  fine.grid_points = 101;  // a point every 1, inside [40, 42)
  auto flips = must(find_flip_points(fine, oracle.function()));
  ASSERT_EQ(flips.size(), 2u);
  EXPECT_NEAR(flips[0].at, 40, 0.04);
  EXPECT_EQ(flips[0].above.key, "b");
  EXPECT_NEAR(flips[1].at, 42, 0.042);
  EXPECT_EQ(flips[1].above.key, "a");
}

TEST(FlipPoints, AtMostMaxFlipsAreReported) {
  StepOracle oracle{{10, 20, 30, 40}, {"a", "b", "c", "d", "e"}};
  FlipSearch search = linear(0, 50);
  search.max_flips = 2;
  auto flips = must(find_flip_points(search, oracle.function()));
  ASSERT_EQ(flips.size(), 2u);
  EXPECT_NEAR(flips[1].at, 20, 0.02);
}

TEST(FlipPoints, TheBudgetReachesEveryIntervalBeforeASecondFlipInOne) {
  // Three changes between grid points 0 and 12.5, one between 37.5 and 50:
  // with room for two flips, the first of each interval is reported.
  StepOracle oracle{{10, 11, 12, 40}, {"a", "b", "c", "d", "e"}};
  FlipSearch search = linear(0, 50);
  search.grid_points = 5;
  search.max_flips = 2;
  auto flips = must(find_flip_points(search, oracle.function()));
  ASSERT_EQ(flips.size(), 2u);
  EXPECT_NEAR(flips[0].at, 10, 0.01);
  EXPECT_NEAR(flips[1].at, 40, 0.04);
  // With room for all, all four, in order.
  search.max_flips = 8;
  auto all = must(find_flip_points(search, oracle.function()));
  ASSERT_EQ(all.size(), 4u);
  EXPECT_NEAR(all[1].at, 11, 0.011);
  EXPECT_NEAR(all[2].at, 12, 0.012);
  EXPECT_EQ(all[3].above.key, "e");
}

TEST(FlipPoints, TheSameSearchGivesTheSameFlips) {
  StepOracle first{{3.3, 7.7}, {"a", "b", "c"}};
  StepOracle second{{3.3, 7.7}, {"a", "b", "c"}};
  auto a = must(find_flip_points(linear(0, 10), first.function()));
  auto b = must(find_flip_points(linear(0, 10), second.function()));
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].at, b[i].at);
  EXPECT_EQ(first.calls, second.calls);
}

TEST(FlipPoints, AnErrorFromTheOracleIsReturnedWithTheValue) {
  RecommendationAt failing = [](double value) -> Result<Recommendation> {
    if (value > 50) return Error("the simulation's backlog outgrew its bound");
    return answer("a");
  };
  std::string message = error_of(find_flip_points(linear(0, 100), failing));
  EXPECT_NE(message.find("the simulation's backlog outgrew its bound"), std::string::npos)
      << message;
  EXPECT_NE(message.find("peak at"), std::string::npos) << message;
}

TEST(FlipPoints, AnEmptyOrReversedRangeIsAnError) {
  StepOracle oracle{{}, {"a"}};
  std::string empty = error_of(find_flip_points(linear(5, 5), oracle.function()));
  EXPECT_NE(empty.find("5..5 is empty or reversed"), std::string::npos) << empty;
  std::string reversed = error_of(find_flip_points(linear(9, 3), oracle.function()));
  EXPECT_NE(reversed.find("9..3 is empty or reversed"), std::string::npos) << reversed;
  EXPECT_EQ(oracle.calls, 0);

  FlipSearch ratio = linear(0, 10);
  ratio.log_scale = true;
  EXPECT_NE(error_of(find_flip_points(ratio, oracle.function())).find("must start above 0"),
            std::string::npos);
  FlipSearch whole = linear(1.2, 1.8);
  whole.whole_numbers = true;
  EXPECT_NE(error_of(find_flip_points(whole, oracle.function())).find("fewer than two whole"),
            std::string::npos);
}

// ---- Volume and peak flip points on the small flash sale ---------------------------

// The small flash sale with the payment processor's slots shared and
// plentiful, so that a function per order waits for none and Lambda meets
// the targets as well as four always-on workers do.
PlanFile lambda_or_workers() {
  std::string yaml = testing::kFlashSaleYaml;
  const std::string per_process = "slots: 5, scope: per_process";
  yaml.replace(yaml.find(per_process), per_process.size(), "slots: 100, scope: global");
  PlanFile f = testing::plan_file(yaml);
  f.plan.kinds = {Architecture::Kind::kAsync, Architecture::Kind::kServerless};
  return f;
}

Candidate lambda_function() {
  Candidate c;
  c.kind = Architecture::Kind::kServerless;
  c.function_memory_gib = 0.5;
  return c;
}

Candidate always_on_workers(int64_t processes) {
  Candidate c;
  c.kind = Architecture::Kind::kAsync;
  c.processes = processes;
  c.concurrency = 5;
  return c;
}

// The candidate judged and billed in every case, as the search leaves it.
Option judged(Evaluator& evaluator, const Candidate& candidate, const std::string& platform) {
  const PlanSpec& spec = evaluator.file().plan;
  Option option;
  option.candidate = candidate;
  option.platform = platform;
  option.meets_targets = true;
  for (const NamedInputs& c : spec.cases) {
    option.cases.push_back(must(evaluator.evaluate(candidate, c)));
    option.meets_targets = option.meets_targets && option.cases.back().meets_targets;
    auto bill = evaluator.price(candidate, c, option.cases.back(), platform);
    if (bill.ok()) option.bills.push_back(bill.value());
  }
  if (!option.bills.empty()) option.reference_monthly = option.bills[spec.reference_case].total();
  return option;
}

Money monthly_at(Evaluator& evaluator, const Option& option, int64_t orders) {
  const PlanSpec& spec = evaluator.file().plan;
  return must(evaluator.price(option.candidate, spec.cases[spec.reference_case],
                              option.cases[spec.reference_case], option.platform,
                              cost::Quantity::units(orders)))
      .total();
}

TEST(VolumeFlipPoints, LambdaGivesWayToAlwaysOnWorkersWhereTheBillsCross) {
  PlanFile file = lambda_or_workers();
  file.plan.volumes = RealRange{10'000, 100'000'000};
  Evaluator evaluator(file, testing::repo_catalog(), {});
  SearchResult result;
  result.feasible = {judged(evaluator, lambda_function(), "aws"),
                     judged(evaluator, always_on_workers(4), "aws")};
  ASSERT_TRUE(result.feasible[0].meets_targets);
  ASSERT_TRUE(result.feasible[1].meets_targets);

  auto flips = must(volume_flip_points(evaluator, result));
  ASSERT_EQ(flips.size(), 1u);
  const FlipPoint& flip = flips[0];
  EXPECT_EQ(flip.input, "orders_per_month");
  EXPECT_EQ(flip.below.key, lambda_function().key() + " on aws");
  EXPECT_EQ(flip.above.key, always_on_workers(4).key() + " on aws");
  // To the order: Lambda is no dearer one order below, dearer at the flip.
  const auto at = static_cast<int64_t>(flip.at);
  EXPECT_EQ(static_cast<double>(at), flip.at);
  const Option& lambda = result.feasible[0];
  const Option& workers = result.feasible[1];
  EXPECT_LE(monthly_at(evaluator, lambda, at - 1), monthly_at(evaluator, workers, at - 1));
  EXPECT_GT(monthly_at(evaluator, lambda, at), monthly_at(evaluator, workers, at));
  EXPECT_EQ(flip.above.monthly, monthly_at(evaluator, workers, at));
  // By hand: past the free tiers both bills are straight lines in the
  // volume (Lambda about $8.7 a million orders at 0.5 GB x ~1 s; the
  // workers $45 a month plus SQS), so the crossing of the lines through
  // 8M and 9M orders is where the bisection must land, about 6.8M.
  auto line = [&](const Option& o) {
    double at_8m = monthly_at(evaluator, o, 8'000'000).dollars_f();
    double at_9m = monthly_at(evaluator, o, 9'000'000).dollars_f();
    double slope = (at_9m - at_8m) / 1e6;
    return std::pair{at_8m - slope * 8e6, slope};
  };
  auto [lambda_fixed, lambda_slope] = line(lambda);
  auto [workers_fixed, workers_slope] = line(workers);
  double crossing = (workers_fixed - lambda_fixed) / (lambda_slope - workers_slope);
  EXPECT_NEAR(flip.at, crossing, 0.001 * crossing);
  EXPECT_GT(flip.at, 5'000'000);
  EXPECT_LT(flip.at, 9'000'000);
}

TEST(VolumeFlipPoints, TheDefaultRangeSpansATenthOfTheSmallestToTenTimesTheLargestVolume) {
  PlanFile file = lambda_or_workers();
  // 10K..3M orders: the crossing (about 6.8M) lies beyond.
  file.plan.cases = {testing::case_at("quiet", 20, 100'000), testing::case_at("busy", 20, 300'000)};
  Evaluator narrow(file, testing::repo_catalog(), {});
  SearchResult result;
  result.feasible = {judged(narrow, lambda_function(), "aws"),
                     judged(narrow, always_on_workers(4), "aws")};
  EXPECT_TRUE(must(volume_flip_points(narrow, result)).empty());

  // 10K..10M orders: it lies within.
  PlanFile wider = file;
  wider.plan.cases[1] = testing::case_at("busy", 20, 1'000'000);
  Evaluator evaluator(wider, testing::repo_catalog(), {});
  EXPECT_EQ(must(volume_flip_points(evaluator, result)).size(), 1u);
}

TEST(VolumeFlipPoints, NothingToVaryWithoutAVolumeOrAFeasibleOption) {
  PlanFile file = lambda_or_workers();
  Evaluator evaluator(file, testing::repo_catalog(), {});
  EXPECT_TRUE(must(volume_flip_points(evaluator, SearchResult{})).empty());

  // Usage scaled by time: no monthly volume is stated anywhere.
  PlanFile by_time = file;
  by_time.cost.usage.orders.reset();
  Evaluator timed(by_time, testing::repo_catalog(), {});
  SearchResult result;
  result.feasible = {judged(timed, always_on_workers(4), "aws")};
  EXPECT_TRUE(must(volume_flip_points(timed, result)).empty());
}

TEST(VolumeFlipPoints, AnOptionThatCannotBePricedIsAnErrorNamingIt) {
  PlanFile file = lambda_or_workers();
  Evaluator evaluator(file, testing::repo_catalog(), {});
  SearchResult result;
  result.feasible = {judged(evaluator, always_on_workers(4), "aws"),
                     judged(evaluator, lambda_function(), "railway")};
  std::string message = error_of(volume_flip_points(evaluator, result));
  EXPECT_NE(message.find("on railway"), std::string::npos) << message;
  EXPECT_NE(message.find("orders_per_month at"), std::string::npos) << message;
}

// The fewest worker processes of `group` (its concurrency, its task)
// meeting every target at a peak, walked up from one without the search,
// its bisection or the capacity model.
int64_t fewest_processes(const PlanFile& file, double peak,
                         const Candidate& group = always_on_workers(1)) {
  PlanFile at_peak = file;
  at_peak.plan.cases = {testing::case_at("at the peak", peak)};
  Evaluator evaluator(at_peak, testing::repo_catalog(), {.prune = false});
  for (int64_t n = at_peak.plan.processes.front(); n <= at_peak.plan.processes.back(); ++n) {
    Candidate workers = group;
    workers.processes = n;
    if (must(evaluator.evaluate(workers, at_peak.plan.cases[0])).meets_targets) return n;
  }
  return 0;
}

// Simulations of the search with the reference case alone at each of
// `peaks`, each with an evaluator of its own: a search per peak.
uint64_t search_per_peak(const PlanFile& file, const std::vector<double>& peaks) {
  uint64_t simulations = 0;
  for (double peak : peaks) {
    PlanFile at_peak = file;
    at_peak.plan.cases = {testing::case_at("at the peak", peak)};
    Evaluator evaluator(at_peak, testing::repo_catalog(), {});
    must(search(evaluator, {}));
    simulations += evaluator.stats().simulations;
  }
  return simulations;
}

// The process count a recommendation names: "async, 3 processes x 5 ...".
int64_t processes_in(const Recommendation& r) {
  const size_t comma = r.description.find(", ");
  return comma == std::string::npos ? -1 : std::stoll(r.description.substr(comma + 2));
}

// The main search, whose choice the peak flips follow.
SearchResult searched(Evaluator& evaluator) {
  SearchResult result = must(search(evaluator, {}));
  EXPECT_TRUE(result.least_regret.has_value());
  return result;
}

TEST(PeakFlipPoints, EachFlipIsWhereOneMoreWorkerProcessIsNeeded) {
  PlanFile file = testing::plan_file();  // 1..8 processes of 5 orders/s each
  // Ten at once or five: the flips follow the chosen one.
  file.plan.concurrency = IntChoices::list({5, 10});
  file.plan.peaks = RealRange{5, 40};
  Evaluator evaluator(file, testing::repo_catalog(), {});
  const SearchResult result = searched(evaluator);
  const Candidate& chosen = result.least_regret->option.candidate;
  auto flips = must(peak_flip_points(evaluator, result));
  // The drain target absorbs a backlog: one more process about every 11/s.
  ASSERT_GE(flips.size(), 3u);
  double previous = 0;
  for (const FlipPoint& flip : flips) {
    EXPECT_EQ(flip.input, "peak");
    ASSERT_GT(flip.at, previous * 1.02) << "two flips too close to tell apart below";
    previous = flip.at;
    // At the flip the walk needs exactly the processes recommended above it;
    // 1% below (outside the bracket, half a percent wide) one fewer.
    const int64_t above = fewest_processes(file, flip.at, chosen);
    const int64_t below = fewest_processes(file, flip.at * 0.99, chosen);
    EXPECT_EQ(processes_in(flip.above), above) << flip.above.description;
    EXPECT_EQ(processes_in(flip.below), below) << flip.below.description;
    EXPECT_EQ(above, below + 1) << flip.at;
    EXPECT_GT(flip.above.monthly, flip.below.monthly);
  }
}

TEST(PeakFlipPoints, TheDefaultRangeIsTheCasesLowestToHighestPeak) {
  PlanFile file = testing::plan_file();
  file.plan.cases = {testing::case_at("quiet", 8, 100'000), testing::case_at("busy", 16, 100'000)};
  file.plan.reference_case = 1;
  Evaluator evaluator(file, testing::repo_catalog(), {});
  auto flips = must(peak_flip_points(evaluator, searched(evaluator)));
  ASSERT_FALSE(flips.empty());
  for (const FlipPoint& flip : flips) {
    EXPECT_GT(flip.at, 8);
    EXPECT_LE(flip.at, 16);
  }
  EXPECT_EQ(processes_in(flips.front().below), fewest_processes(file, 8));
  EXPECT_EQ(processes_in(flips.back().above), fewest_processes(file, 16));
}

TEST(PeakFlipPoints, ThePeaksCostAFewSimulationsEachNotASearchEach) {
  PlanFile file = testing::plan_file();
  file.plan.concurrency = IntChoices::list({1, 5, 10, 20});
  file.plan.processes = IntChoices::range(1, 64);
  file.plan.peaks = RealRange{5, 80};
  Evaluator evaluator(file, testing::repo_catalog(), {});
  const SearchResult result = searched(evaluator);
  const EvaluatorStats before = evaluator.stats();
  auto flips = must(peak_flip_points(evaluator, result));
  const EvaluatorStats after = evaluator.stats();
  ASSERT_GE(flips.size(), 5u);
  // Through the main evaluator (its cache, its budget), and at every peak
  // asked a bisection over a bracket of a few counts. A search per peak
  // would have run one at each of the grid's 9 peaks and, for every flip,
  // at least at its two ends: fewer than half of that for every peak asked.
  const uint64_t peak_simulations = after.simulations - before.simulations;
  std::vector<double> asked;
  for (int i = 0; i < 9; ++i) asked.push_back(5 + (80.0 - 5) * i / 8);
  for (const FlipPoint& flip : flips) {
    asked.push_back(flip.at);
    asked.push_back(flip.at * (1 - 0.005));
  }
  const uint64_t searches = search_per_peak(file, asked);
  EXPECT_GT(peak_simulations, 0u);
  EXPECT_LT(peak_simulations * 2, searches)
      << peak_simulations << " simulations for " << flips.size() << " flips";
}

TEST(PeakFlipPoints, TheyShareTheMainSearchsSimulationBudget) {
  PlanFile file = testing::plan_file();
  file.plan.peaks = RealRange{5, 40};
  uint64_t main_search = 0;
  {
    Evaluator unlimited(file, testing::repo_catalog(), {});
    searched(unlimited);
    main_search = unlimited.stats().simulations;
  }
  // What the search leaves is a handful of runs; all the peaks need more.
  Evaluator evaluator(file, testing::repo_catalog(), {.max_simulations = main_search + 3});
  const SearchResult result = searched(evaluator);
  ASSERT_TRUE(result.stats.complete);
  std::string message = error_of(peak_flip_points(evaluator, result));
  EXPECT_NE(message.find("--max-simulations"), std::string::npos) << message;
}

TEST(PeakFlipPoints, NoPeakRangeNoFlips) {
  // One case at the scenario's own peak: nothing to vary.
  PlanFile one_peak = testing::plan_file();
  Evaluator evaluator(one_peak, testing::repo_catalog(), {});
  const SearchResult result = searched(evaluator);
  const uint64_t evaluations = evaluator.stats().evaluations;
  EXPECT_TRUE(must(peak_flip_points(evaluator, result)).empty());
  EXPECT_EQ(evaluator.stats().evaluations, evaluations);
  // Nothing chosen: nothing to follow.
  one_peak.plan.peaks = RealRange{5, 40};
  Evaluator nothing_chosen(one_peak, testing::repo_catalog(), {});
  EXPECT_TRUE(must(peak_flip_points(nothing_chosen, SearchResult{})).empty());
  EXPECT_EQ(nothing_chosen.stats().evaluations, 0u);
}

TEST(PeakFlipPoints, PastEveryConfigurationTheAnswerIsThatNothingMeetsTheTargets) {
  PlanFile file = testing::plan_file();
  file.plan.processes = IntChoices::range(1, 3);  // at most 15 orders/s
  file.plan.cases = {testing::case_at("quiet", 10)};
  file.plan.peaks = RealRange{10, 40};
  Evaluator evaluator(file, testing::repo_catalog(), {});
  auto flips = must(peak_flip_points(evaluator, searched(evaluator)));
  ASSERT_FALSE(flips.empty());
  EXPECT_EQ(flips.back().above.key, "none");
  EXPECT_EQ(flips.back().above.description, "nothing meets every target");
  EXPECT_EQ(fewest_processes(file, flips.back().at), 0);
  EXPECT_EQ(processes_in(flips.back().below), 3);
}

TEST(PeakFlipPoints, PastTheBudgetTheAnswerIsThatNothingMeetsItWithin) {
  PlanFile file = testing::plan_file();
  file.plan.peaks = RealRange{5, 40};
  Evaluator unlimited(file, testing::repo_catalog(), {});
  const SearchResult result = searched(unlimited);
  const Money chosen = result.least_regret->option.reference_monthly;
  // A budget just above the chosen fleet at the scenario's 20/s.
  file.plan.budget = chosen + Money::from_dollars(1);
  Evaluator evaluator(file, testing::repo_catalog(), {});
  auto flips = must(peak_flip_points(evaluator, searched(evaluator)));
  ASSERT_FALSE(flips.empty());
  EXPECT_EQ(flips.back().above.key, "none");
  EXPECT_EQ(flips.back().above.description, "nothing meets every target within the budget");
  EXPECT_LE(flips.back().below.monthly, *file.plan.budget);
  EXPECT_GT(fewest_processes(file, flips.back().at), processes_in(flips.back().below));
}

}  // namespace
}  // namespace stackplan::plan
