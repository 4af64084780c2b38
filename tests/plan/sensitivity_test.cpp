// sensitivity_probes: which inputs differ between cases, their lowest and
// highest values, and the reference case each probe starts from.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "plan/analysis.h"
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

}  // namespace
}  // namespace stackplan::plan
