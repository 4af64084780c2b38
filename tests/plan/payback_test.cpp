// variant_payback on hand-built search results: the saving of each variant
// over the first, case by case, and the months its build cost takes back.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "plan/analysis.h"

namespace stackplan::plan {
namespace {

cost::Bill bill_of(int64_t dollars) {
  cost::Bill bill;
  bill.platform = "aws";
  cost::BillLine line;
  line.component = "worker";
  line.amount = Money::from_dollars(dollars);
  bill.lines.push_back(line);
  return bill;
}

// An option of `variant` with one bill per case.
Option option_of(size_t variant, int64_t processes, std::vector<int64_t> monthly_per_case) {
  Option option;
  option.candidate.variant = variant;
  option.candidate.processes = processes;
  option.platform = "aws";
  for (int64_t dollars : monthly_per_case) option.bills.push_back(bill_of(dollars));
  option.meets_targets = true;
  option.reference_monthly = option.bills.front().total();
  return option;
}

// The repository scanner: Python workers as they are, a Go rewrite that
// needs fewer processes for the day's scans, in two growth stages.
PlanSpec scanner_spec() {
  PlanSpec spec;
  spec.cases = {{"1K repos", {}, std::nullopt}, {"10K repos", {}, std::nullopt}};
  spec.variants = {{"python", {}, std::nullopt}, {"go", {}, Money::from_dollars(30'000)}};
  return spec;
}

TEST(VariantPayback, SavingAndMonthsPerCaseAgainstTheBestOfTheFirstVariant) {
  SearchResult result;
  result.feasible = {option_of(0, 8, {55, 500}), option_of(0, 6, {40, 300}),
                     option_of(1, 2, {15, 100}), option_of(1, 3, {20, 90})};
  auto paybacks = variant_payback(scanner_spec(), result);
  ASSERT_EQ(paybacks.size(), 2u);
  EXPECT_EQ(paybacks[0].variant, "go");
  EXPECT_EQ(paybacks[0].case_name, "1K repos");
  EXPECT_EQ(paybacks[0].monthly_saving, Money::from_dollars(40 - 15));
  ASSERT_TRUE(paybacks[0].months.has_value());
  EXPECT_DOUBLE_EQ(*paybacks[0].months, 30'000.0 / 25);
  // In the larger stage each variant's best is another option.
  EXPECT_EQ(paybacks[1].case_name, "10K repos");
  EXPECT_EQ(paybacks[1].monthly_saving, Money::from_dollars(300 - 90));
  EXPECT_DOUBLE_EQ(*paybacks[1].months, 30'000.0 / 210);
}

TEST(VariantPayback, AnOptionThatIsNotFeasibleSavesNothing) {
  SearchResult result;
  Option too_few = option_of(1, 1, {5, 30});
  too_few.meets_targets = false;
  Option over_budget = option_of(1, 1, {6, 31});
  over_budget.within_budget = false;
  result.feasible = {option_of(0, 6, {40, 300}), too_few, over_budget, option_of(1, 2, {15, 100})};
  auto paybacks = variant_payback(scanner_spec(), result);
  ASSERT_EQ(paybacks.size(), 2u);
  EXPECT_EQ(paybacks[0].monthly_saving, Money::from_dollars(25));
  EXPECT_EQ(paybacks[1].monthly_saving, Money::from_dollars(200));
}

TEST(VariantPayback, NoSavingOrNoBuildCostNeverPaysBack) {
  PlanSpec spec = scanner_spec();
  spec.variants.push_back({"rust", {}, std::nullopt});  // no build cost stated
  SearchResult result;
  result.feasible = {option_of(0, 6, {40, 300}), option_of(1, 9, {45, 300}),
                     option_of(2, 2, {10, 80})};
  auto paybacks = variant_payback(spec, result);
  ASSERT_EQ(paybacks.size(), 4u);
  EXPECT_EQ(paybacks[0].variant, "go");
  EXPECT_EQ(paybacks[0].monthly_saving, -Money::from_dollars(5));  // costs more
  EXPECT_FALSE(paybacks[0].months.has_value());
  EXPECT_EQ(paybacks[1].variant, "rust");
  EXPECT_EQ(paybacks[1].monthly_saving, Money::from_dollars(30));
  EXPECT_FALSE(paybacks[1].months.has_value());
  EXPECT_EQ(paybacks[2].monthly_saving, Money());  // the same bill: no saving
  EXPECT_FALSE(paybacks[2].months.has_value());
}

TEST(VariantPayback, NothingWithoutAFeasibleOptionOnEitherSide) {
  SearchResult go_only;
  go_only.feasible = {option_of(1, 2, {15, 100})};
  EXPECT_TRUE(variant_payback(scanner_spec(), go_only).empty());

  SearchResult python_only;
  python_only.feasible = {option_of(0, 6, {40, 300})};
  EXPECT_TRUE(variant_payback(scanner_spec(), python_only).empty());
}

TEST(VariantPayback, OneVariantHasNothingToPayBack) {
  PlanSpec spec = scanner_spec();
  spec.variants.resize(1);
  SearchResult result;
  result.feasible = {option_of(0, 6, {40, 300})};
  EXPECT_TRUE(variant_payback(spec, result).empty());
}

}  // namespace
}  // namespace stackplan::plan
