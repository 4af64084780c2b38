// Every pricing rule: free tier boundaries, tiers, minimum charges, rounding
// of billed duration, per-hour vs per-second billing, discounts.
#include <gtest/gtest.h>

#include "cost/bill.h"
#include "cost/deploy.h"
#include "test_support.h"

namespace stackplan::cost {
namespace {

using testing::amount;
using testing::usd;

PriceEntry entry(const char* price, int64_t free = 0) {
  PriceEntry e;
  e.provider = "demo";
  e.id = "thing";
  e.item = "Thing";
  e.unit = "request";
  e.tiers = {{std::nullopt, *UnitPrice::parse(price)}};
  e.free_per_month = Quantity::units(free);
  return e;
}

Money total(const std::vector<BillLine>& lines) {
  Money sum;
  for (const auto& l : lines) sum += l.amount;
  return sum;
}

TEST(CostFreeTier, NothingIsChargedUpToTheAllowanceAndOneUnitAbove) {
  const PriceEntry e = entry("0.0000166667", 400'000);
  auto at = price_usage(e, Quantity::units(400'000), true, "f", "");
  ASSERT_TRUE(at.ok());
  EXPECT_EQ(total(*at), Money());
  EXPECT_EQ((*at)[0].free, Quantity::units(400'000));
  auto above = price_usage(e, Quantity::units(400'001), true, "f", "");
  // 16.6667 micro-dollars exactly: amounts are rounded only for display.
  EXPECT_EQ(total(*above), Money::from_attos(16'666'700'000'000));
  EXPECT_EQ(total(*above).format(6), "$0.000017");
  EXPECT_EQ((*above)[0].billed, Quantity::units(1));
  // Below the allowance the free part is what was used, never more.
  auto below = price_usage(e, Quantity::units(10), true, "f", "");
  EXPECT_EQ((*below)[0].free, Quantity::units(10));
  // Without the free tier everything is billed.
  auto none = price_usage(e, Quantity::units(400'000), false, "f", "");
  EXPECT_EQ(total(*none), usd("6.66668"));
}

TEST(CostTiers, EachBandIsPricedAtItsOwnRateAfterTheFreeTier) {
  PriceEntry e = entry("1", 5);
  e.tiers = {{Quantity::units(10), *UnitPrice::parse("1")},
             {std::nullopt, *UnitPrice::parse("0.5")}};
  auto lines = price_usage(e, Quantity::units(20), true, "c", "");
  ASSERT_TRUE(lines.ok());
  ASSERT_EQ(lines->size(), 2u);
  EXPECT_EQ((*lines)[0].billed, Quantity::units(10));
  EXPECT_EQ((*lines)[1].billed, Quantity::units(5));
  EXPECT_EQ(total(*lines), usd("12.50"));
}

TEST(CostTiers, BeyondABoundedLastTierIsAnErrorNamingThePrice) {
  PriceEntry e = entry("0.09");
  e.tiers = {{Quantity::units(10'240), *UnitPrice::parse("0.09")}};
  auto lines = price_usage(e, Quantity::units(20'000), true, "egress", "");
  ASSERT_FALSE(lines.ok());
  EXPECT_NE(lines.error().message().find("missing price demo:thing above 10,240"),
            std::string::npos)
      << lines.error().message();
}

TEST(CostBlocks, PricePerMillionIsDividedExactly) {
  PriceEntry e = entry("0.20");
  e.per = 1'000'000;
  EXPECT_EQ(total(*price_usage(e, Quantity::units(3'000'000), true, "f", "")), usd("0.60"));
  EXPECT_EQ(total(*price_usage(e, Quantity::units(5), true, "f", "")), Money::from_micros(1));
}

TEST(CostBilledDuration, RoundsEachRunUpToTheIncrementAndMinimum) {
  const BillingGranularity lambda{Duration::milliseconds(1), Duration()};
  EXPECT_EQ(billed_duration(Duration::microseconds(3'000'400), lambda),
            Duration::milliseconds(3001));
  EXPECT_EQ(billed_duration(Duration::milliseconds(3000), lambda), Duration::milliseconds(3000));
  const BillingGranularity droplet{Duration::seconds(1), Duration::seconds(60)};
  EXPECT_EQ(billed_duration(Duration::seconds(30), droplet), Duration::seconds(60));
  EXPECT_EQ(billed_duration(Duration::milliseconds(60'001), droplet), Duration::seconds(61));
  const BillingGranularity hourly{Duration::seconds(3600), Duration()};
  EXPECT_EQ(billed_duration(Duration::seconds(90 * 60), hourly), Duration::seconds(2 * 3600));
}

TEST(CostBilledDuration, LambdaBillsEachInvocationToTheMillisecond) {
  Bill b = testing::bill(R"(deploy:
  free_tier: false
  function: {memory: 1GB, duration: 100.4ms}
usage: {orders_per_month: 1000}
)");
  // 1,000 x 1 GB x 0.101 s = 101 GB-s.
  ASSERT_FALSE(b.lines.empty());
  bool found = false;
  for (const auto& l : b.lines)
    if (l.ref == "aws:lambda.x86.duration") {
      EXPECT_EQ(l.billed, Quantity::units(101));
      found = true;
    }
  EXPECT_TRUE(found);
}

TEST(CostBilledDuration, PerSecondWithAMinimumVersusExactHours) {
  // 1,200 runs of 30 s a month: a droplet bills each as 60 s (20 h).
  Bill droplet = testing::bill(R"(deploy:
  services: [{name: batch, vcpu: 1, memory: 1GB, runs_for: 10h, starts_per_month: 1200}]
)",
                               "digitalocean");
  ASSERT_EQ(droplet.lines.size(), 1u);
  EXPECT_EQ(droplet.lines[0].ref, "digitalocean:droplet.s-1vcpu-1gb");
  // 20 h of a 730-hour month, at $6 a month.
  EXPECT_EQ(droplet.lines[0].billed, Quantity::from_micros(27'397));
  EXPECT_EQ(droplet.total(),
            amount_for(Quantity::from_micros(27'397), *UnitPrice::parse("6"), 1).value());
  // Fargate bills per second with a one-minute minimum per task: 20 h too,
  // not the 10 h the tasks ran.
  Bill fargate = testing::bill(R"(deploy:
  services: [{name: batch, vcpu: 1, memory: 1GB, runs_for: 10h, starts_per_month: 1200}]
)");
  ASSERT_EQ(fargate.lines.size(), 2u);
  EXPECT_EQ(fargate.lines[0].ref, "aws:fargate.x86.vcpu");
  EXPECT_EQ(fargate.lines[0].billed, Quantity::units(20));
  EXPECT_EQ(fargate.lines[1].billed, Quantity::units(20));
  // Runs of 61.5 s are billed per second: 62 s each.
  Bill seconds = testing::bill(R"(deploy:
  services: [{name: batch, vcpu: 1, memory: 1GB, runs_for: 73800s, starts_per_month: 1200}]
)");
  EXPECT_EQ(seconds.lines[0].billed, Quantity::from_micros(20'666'667));
}

TEST(CostMinimumCharge, RailwayPlanFeeCountsTowardUsage) {
  // A tiny service: usage below the $5 Hobby fee, so the month costs $5.
  Bill small = testing::bill(R"(deploy:
  services: [{name: api, vcpu: 0.1, memory: 128MB, count: 1}]
)",
                             "railway");
  EXPECT_EQ(small.total(), usd("5"));
  // A bigger one: usage above the fee, so the month costs the usage.
  Bill big = testing::bill(R"(deploy:
  services: [{name: api, vcpu: 1, memory: 1GB, count: 1}]
)",
                           "railway");
  const Money usage = amount(big, "api");
  EXPECT_GT(usage, usd("5"));
  EXPECT_EQ(big.total(), usage);
}

TEST(CostDiscounts, FargateSpotIsAStatedDiscountCappedByTheCatalog) {
  Bill spot = testing::bill(R"(deploy:
  services: [{name: w, vcpu: 1, memory: 2GB, count: 1, spot_discount: 70%}]
)");
  Bill on_demand = testing::bill(R"(deploy:
  services: [{name: w, vcpu: 1, memory: 2GB, count: 1}]
)");
  EXPECT_TRUE(testing::within(spot.total(), Money::from_micros(on_demand.total().micros() * 3 / 10),
                              usd("0.01")));
  CostScenario s = testing::scenario(R"(deploy:
  services: [{name: w, vcpu: 1, memory: 2GB, count: 1, spot_discount: 80%}]
)");
  auto b = build_bill(testing::repo_catalog(), s.deploy, s.usage, "aws");
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.error().message().find("fargate.spot.max_discount"), std::string::npos);
}

TEST(CostMultipliers, MultiAzDoublesInstanceAndStorage) {
  const char* yaml = R"(deploy:
  database: {aws: {class: db.t3.small, multi_az: %s}}
usage: {database_storage: 100GB}
)";
  char single[256], multi[256];
  std::snprintf(single, sizeof single, yaml, "false");
  std::snprintf(multi, sizeof multi, yaml, "true");
  EXPECT_EQ(testing::bill(multi).total(), testing::bill(single).total() * 2);
}

TEST(CostChunks, SqsBillsEach64KbOfAMessageAsARequest) {
  Bill b = testing::bill(R"(deploy:
  free_tier: false
  queue: {kind: standard, requests_per_message: 3, message_size: 100KB}
usage: {orders_per_month: 1000000}
)");
  ASSERT_EQ(b.lines.size(), 1u);
  EXPECT_EQ(b.lines[0].billed, Quantity::units(6'000'000));  // 2 chunks x 3 requests
  EXPECT_EQ(b.total(), usd("2.40"));
}

}  // namespace
}  // namespace stackplan::cost
