// find_flip_points over synthetic oracles whose flips are known exactly.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "plan/analysis.h"
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

}  // namespace
}  // namespace stackplan::plan
