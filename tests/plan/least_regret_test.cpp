#include <gtest/gtest.h>

#include "engine_fixture.h"
#include "plan/search.h"

namespace stackplan::plan {
namespace {

cost::Bill bill_of(int64_t dollars) {
  cost::Bill b;
  b.platform = "aws";
  cost::BillLine line;
  line.component = "worker";
  line.amount = Money::from_dollars(dollars);
  b.lines.push_back(line);
  return b;
}

Option option(int64_t processes, const std::string& platform, std::vector<int64_t> monthly) {
  Option o;
  o.candidate.kind = Architecture::Kind::kAsync;
  o.candidate.processes = processes;
  o.candidate.concurrency = 5;
  o.platform = platform;
  for (int64_t m : monthly) o.bills.push_back(bill_of(m));
  o.meets_targets = true;
  o.reference_monthly = o.bills.front().total();
  return o;
}

PlanSpec two_cases() {
  PlanSpec spec = testing::plan_file().plan;
  spec.cases = {NamedInputs{"low", {}, std::nullopt}, NamedInputs{"high", {}, std::nullopt}};
  return spec;
}

TEST(PlanLeastRegret, ChoosesTheSmallestLargestRegretAndSaysWhyInFigures) {
  // Cheapest per case: low $10 (A), high $22 (B). Regrets: A 0/8, B 10/0,
  // C 5/18: A's worst is $8, the smallest.
  std::vector<Option> feasible = {option(2, "aws", {10, 30}), option(3, "railway", {20, 22}),
                                  option(4, "render", {15, 40})};
  auto choice = least_regret(two_cases(), feasible);
  ASSERT_TRUE(choice.has_value());
  EXPECT_EQ(choice->option.platform, "aws");
  EXPECT_EQ(choice->max_regret, Money::from_dollars(8));
  EXPECT_EQ(choice->worst_case, "high");
  ASSERT_EQ(choice->regret.size(), 2u);
  EXPECT_EQ(choice->regret[0], Money());
  EXPECT_EQ(choice->regret[1], Money::from_dollars(8));
  EXPECT_EQ(choice->reason,
            "never more than $8.00/month above the cheapest choice in any case (worst: case high, "
            "$30.00/month against async, 3 processes x 5 concurrency, 0.25 vCPU / 0.5 GiB on "
            "railway at $22.00/month)");
}

TEST(PlanLeastRegret, TheCheapestInEveryCaseHasNoRegret) {
  std::vector<Option> feasible = {option(2, "aws", {10, 20}), option(3, "railway", {12, 25})};
  auto choice = least_regret(two_cases(), feasible);
  ASSERT_TRUE(choice.has_value());
  EXPECT_EQ(choice->option.platform, "aws");
  EXPECT_EQ(choice->max_regret, Money());
  EXPECT_EQ(choice->reason, "the cheapest choice in every one of the 2 cases");
}

TEST(PlanLeastRegret, RegretBelowACentIsCalledRoundingNotAChoice) {
  std::vector<Option> feasible = {option(2, "aws", {10, 20}), option(3, "railway", {12, 19})};
  feasible[0].bills[1].lines[0].amount -= Money::from_micros(1'000'001);  // $18.999999
  feasible[1].bills[1].lines[0].amount = Money::from_dollars(19);
  auto choice = least_regret(two_cases(), feasible);
  ASSERT_TRUE(choice.has_value());
  EXPECT_EQ(choice->option.platform, "aws");
  EXPECT_EQ(choice->max_regret, Money());
  feasible[0].bills[1].lines[0].amount = Money::from_micros(19'004'000);  // $19.004
  choice = least_regret(two_cases(), feasible);
  EXPECT_EQ(choice->max_regret, Money::from_micros(4'000));
  EXPECT_EQ(choice->reason, "within a cent of the cheapest choice in every one of the 2 cases");
}

TEST(PlanLeastRegret, EqualRegretGoesToTheCheaperReferenceBill) {
  // Both are $5 above the best somewhere; B is cheaper in the reference case.
  std::vector<Option> feasible = {option(2, "aws", {15, 20}), option(3, "railway", {10, 25})};
  auto choice = least_regret(two_cases(), feasible);
  ASSERT_TRUE(choice.has_value());
  EXPECT_EQ(choice->option.platform, "railway");
  EXPECT_EQ(choice->max_regret, Money::from_dollars(5));
}

TEST(PlanLeastRegret, NothingFeasibleNoChoice) {
  EXPECT_FALSE(least_regret(two_cases(), {}).has_value());
}

}  // namespace
}  // namespace stackplan::plan
