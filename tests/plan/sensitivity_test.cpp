// sensitivity_probes: which inputs differ between cases, their lowest and
// highest values, and the reference case each probe starts from; and the
// sensitivity of a chosen option on the small flash sale.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "engine_fixture.h"
#include "plan/analysis.h"
#include "plan/evaluate.h"
#include "support/must.h"

namespace stackplan::plan {
namespace {

using test::must;

NamedInputs flash_case(std::string name, double peak) {
  NamedInputs c;
  c.name = std::move(name);
  c.inputs.peak_per_second = peak;
  return c;
}

std::vector<std::string> inputs_of(const std::vector<SensitivityProbe>& probes) {
  std::vector<std::string> names;
  for (const auto& p : probes) names.push_back(p.input);
  return names;
}

// The flash-sale case: three peaks, two volumes, a slower payment processor
// in the high case; the reference is the high case.
PlanSpec flash_sale_spec() {
  PlanSpec spec;
  spec.cases.push_back(flash_case("low", 30));
  spec.cases.push_back(flash_case("mid", 48));
  spec.cases.push_back(flash_case("high", 60));
  spec.cases[0].inputs.orders_per_month = cost::Quantity::units(100'000);
  spec.cases[2].inputs.orders_per_month = cost::Quantity::units(1'100'000);
  spec.cases[0].inputs.service_time = Distribution::constant(Duration::seconds(3));
  spec.cases[2].inputs.service_time = Distribution::constant(Duration::milliseconds(4500));
  spec.cases[0].inputs.patience = Duration::seconds(10);
  spec.cases[1].inputs.patience = Duration::seconds(10);
  spec.reference_case = 2;
  return spec;
}

TEST(SensitivityProbes, EveryInputThatDiffersInAFixedOrder) {
  auto probes = sensitivity_probes(flash_sale_spec());
  // Patience is the same wherever stated; users and work are never stated.
  EXPECT_EQ(inputs_of(probes),
            (std::vector<std::string>{"peak", "service_time", "orders_per_month"}));
}

TEST(SensitivityProbes, LowAndHighAreTheExtremesAcrossCases) {
  auto probes = sensitivity_probes(flash_sale_spec());
  ASSERT_EQ(probes.size(), 3u);
  EXPECT_EQ(probes[0].low_label, "30/s");
  EXPECT_EQ(probes[0].high_label, "60/s");
  EXPECT_EQ(*probes[0].low.inputs.peak_per_second, 30);
  EXPECT_EQ(*probes[0].high.inputs.peak_per_second, 60);
  EXPECT_EQ(probes[1].low_label, "3s");
  EXPECT_EQ(probes[1].high_label, "4.5s");
  EXPECT_EQ(probes[1].high.inputs.service_time->mean(), Duration::milliseconds(4500));
  EXPECT_EQ(probes[2].low_label, "100,000/month");
  EXPECT_EQ(probes[2].high_label, "1,100,000/month");
  EXPECT_EQ(*probes[2].low.inputs.orders_per_month, cost::Quantity::units(100'000));
}

TEST(SensitivityProbes, OtherInputsStayAtTheReferenceCase) {
  auto probes = sensitivity_probes(flash_sale_spec());
  ASSERT_FALSE(probes.empty());
  const SensitivityProbe& peak = probes[0];
  // The reference (high) case's volume and service time, only the peak moved.
  EXPECT_EQ(*peak.low.inputs.orders_per_month, cost::Quantity::units(1'100'000));
  EXPECT_EQ(peak.low.inputs.service_time->mean(), Duration::milliseconds(4500));
  EXPECT_FALSE(peak.low.inputs.patience.has_value());
  EXPECT_EQ(peak.low.name, "high with peak at 30/s");
  EXPECT_EQ(peak.high.name, "high with peak at 60/s");
}

TEST(SensitivityProbes, ADistributionOfTheSameMeanButAnotherShapeDiffers) {
  PlanSpec spec;
  spec.cases.push_back(flash_case("steady", 48));
  spec.cases.push_back(flash_case("bursty", 48));
  spec.cases[0].inputs.work = Distribution::constant(Duration::milliseconds(250));
  spec.cases[1].inputs.work =
      must(Distribution::lognormal(Duration::milliseconds(250), Duration::milliseconds(900)));
  auto probes = sensitivity_probes(spec);
  ASSERT_EQ(inputs_of(probes), std::vector<std::string>{"work"});
  // Which end is "low" depends on the last digit of the lognormal's mean;
  // both shapes must be probed.
  std::set<std::string> labels{probes[0].low_label, probes[0].high_label};
  EXPECT_EQ(labels, (std::set<std::string>{"250ms", spec.cases[1].inputs.work->describe()}));
}

TEST(SensitivityProbes, ClosedTrafficUsersAreLabelledAsUsers) {
  PlanSpec spec;
  spec.cases.push_back({"10K users", {}, std::nullopt});
  spec.cases.push_back({"100K users", {}, std::nullopt});
  spec.cases[0].inputs.users = 10'000;
  spec.cases[1].inputs.users = 100'000;
  auto probes = sensitivity_probes(spec);
  ASSERT_EQ(probes.size(), 1u);
  EXPECT_EQ(probes[0].low_label, "10,000 users");
  EXPECT_EQ(probes[0].high_label, "100,000 users");
  EXPECT_EQ(probes[0].low.name, "10K users with users at 10,000 users");
}

TEST(SensitivityProbes, NoProbesWhenNothingDiffers) {
  PlanSpec one_case;
  one_case.cases.push_back(flash_case("as written", 48));
  EXPECT_TRUE(sensitivity_probes(one_case).empty());

  PlanSpec same;
  same.cases.push_back(flash_case("a", 48));
  same.cases.push_back(flash_case("b", 48));
  EXPECT_TRUE(sensitivity_probes(same).empty());
}

TEST(SensitivityProbes, AFractionalPeakKeepsItsDecimals) {
  PlanSpec spec;
  spec.cases.push_back(flash_case("a", 0.5));
  spec.cases.push_back(flash_case("b", 12.25));
  auto probes = sensitivity_probes(spec);
  ASSERT_EQ(probes.size(), 1u);
  EXPECT_EQ(probes[0].low_label, "0.5/s");
  EXPECT_EQ(probes[0].high_label, "12.25/s");
}

// ---- The chosen option under each probe ---------------------------------------------

// One always-on worker process (5 orders/s) in a quiet and a busy sale: the
// busy peak leaves a backlog that misses the drain target.
PlanFile two_sales() {
  PlanFile file = testing::plan_file();
  file.plan.cases = {testing::case_at("quiet", 4, 100'000),
                     testing::case_at("busy", 20, 1'000'000)};
  file.plan.cases[0].inputs.patience = Duration::seconds(30);
  file.plan.cases[1].inputs.patience = Duration::seconds(60);
  file.plan.reference_case = 1;
  return file;
}

Option one_worker_on_aws() {
  Option option;
  option.candidate.kind = Architecture::Kind::kAsync;
  option.candidate.processes = 1;
  option.candidate.concurrency = 5;
  option.platform = "aws";
  return option;
}

TEST(Sensitivity, EachProbeIsTheChosenOptionJudgedAndBilledAtBothEnds) {
  PlanFile file = two_sales();
  Evaluator evaluator(file, testing::repo_catalog(), {});
  const Option chosen = one_worker_on_aws();
  auto rows = must(sensitivity(evaluator, chosen));
  auto probes = sensitivity_probes(file.plan);
  ASSERT_EQ(rows.size(), probes.size());
  ASSERT_EQ(rows.size(), 3u);  // peak, patience, orders_per_month
  for (const SensitivityRow& row : rows) {
    auto probe = std::find_if(probes.begin(), probes.end(),
                              [&](const SensitivityProbe& p) { return p.input == row.input; });
    ASSERT_NE(probe, probes.end()) << row.input;
    EXPECT_EQ(row.low_label, probe->low_label);
    EXPECT_EQ(row.high_label, probe->high_label);
    CaseOutcome low = must(evaluator.evaluate(chosen.candidate, probe->low));
    CaseOutcome high = must(evaluator.evaluate(chosen.candidate, probe->high));
    // An end that was not simulated has no bill: one from no run would be
    // a plausible wrong number.
    auto billed = [&](const CaseOutcome& o, const NamedInputs& in) {
      return o.has_figures() ? std::optional<Money>(
                                   must(evaluator.price(chosen.candidate, in, o, "aws")).total())
                             : std::nullopt;
    };
    EXPECT_EQ(row.monthly_low, billed(low, probe->low)) << row.input;
    EXPECT_EQ(row.monthly_high, billed(high, probe->high)) << row.input;
    EXPECT_EQ(row.outcome_low.meets_targets, low.meets_targets) << row.input;
    EXPECT_EQ(row.outcome_high.meets_targets, high.meets_targets) << row.input;
    if (row.monthly_low && row.monthly_high)
      EXPECT_EQ(row.swing, *row.monthly_high > *row.monthly_low
                               ? *row.monthly_high - *row.monthly_low
                               : *row.monthly_low - *row.monthly_high);
    else
      EXPECT_EQ(row.swing, Money()) << row.input;
  }
}

// With pruning, the busy peak's end is ruled out by the capacity model:
// never simulated, so it has no bill and the row no swing.
TEST(Sensitivity, AnEndThatWasNotSimulatedHasNoBill) {
  PlanFile file = two_sales();
  Evaluator evaluator(file, testing::repo_catalog(), {});
  auto rows = must(sensitivity(evaluator, one_worker_on_aws()));
  const auto peak = std::find_if(rows.begin(), rows.end(),
                                 [](const SensitivityRow& r) { return r.input == "peak"; });
  ASSERT_NE(peak, rows.end());
  ASSERT_TRUE(peak->outcome_high.pruned) << peak->outcome_high.failed_because;
  EXPECT_FALSE(peak->monthly_high.has_value());
  EXPECT_TRUE(peak->monthly_low.has_value());
  EXPECT_EQ(peak->swing, Money());
}

TEST(Sensitivity, LargestCostSwingFirstThenTheProbeThatMissesATarget) {
  PlanFile file = two_sales();
  // Simulated, not pruned, so that every bill comes from a run.
  Evaluator evaluator(file, testing::repo_catalog(), {.prune = false});
  auto rows = must(sensitivity(evaluator, one_worker_on_aws()));
  ASSERT_EQ(rows.size(), 3u);
  // Ten times the orders moves the bill (SQS requests past the free tier);
  // the workers are billed always-on, so the peak and the patience move
  // nothing, but at the busy peak one process misses the drain target.
  EXPECT_EQ(rows[0].input, "orders_per_month");
  EXPECT_GT(rows[0].swing, Money());
  EXPECT_EQ(rows[1].input, "peak");
  EXPECT_EQ(rows[1].low_label, "4/s");
  EXPECT_EQ(rows[1].high_label, "20/s");
  EXPECT_TRUE(rows[1].outcome_low.meets_targets);
  EXPECT_FALSE(rows[1].outcome_high.meets_targets);
  // Patience moves nothing either, and the busy sale misses the target at
  // both ends: it ranks after the peak, which decides the target.
  EXPECT_EQ(rows[2].input, "patience");
  EXPECT_EQ(rows[2].swing, rows[1].swing);
  EXPECT_FALSE(rows[2].outcome_low.meets_targets);
  EXPECT_FALSE(rows[2].outcome_high.meets_targets);
  EXPECT_GE(rows[0].swing, rows[1].swing);
  EXPECT_GE(rows[1].swing, rows[2].swing);
}

TEST(Sensitivity, NothingDiffersNoRows) {
  PlanFile file = testing::plan_file();
  Evaluator evaluator(file, testing::repo_catalog(), {});
  EXPECT_TRUE(must(sensitivity(evaluator, one_worker_on_aws())).empty());
  EXPECT_EQ(evaluator.stats().evaluations, 0u);
}

}  // namespace
}  // namespace stackplan::plan
