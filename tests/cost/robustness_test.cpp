// Inputs that once gave a silent wrong answer or an abort: each is now an
// exact figure or a clear error naming the place or the bound.
#include <gtest/gtest.h>

#include "cost/analysis.h"
#include "cost/cost_scenario.h"
#include "cost/usage.h"
#include "report/cost_report.h"
#include "support/files.h"
#include "test_support.h"

namespace stackplan::cost {
namespace {

using testing::usd;

std::string bill_error(const std::string& yaml, const std::string& platform = "aws") {
  auto s = parse_cost_scenario(yaml, "inline.yaml");
  if (!s) return s.error().message();
  auto b = build_bill(testing::repo_catalog(), s->deploy, s->usage, platform);
  return b.ok() ? "" : b.error().message();
}

std::string parse_error(const std::string& yaml) {
  auto s = parse_cost_scenario(yaml, "bad.yaml");
  return s.ok() ? "" : s.error().message();
}

TEST(CostOverflow, HugeLambdaBillsAreExactNotWrapped) {
  // 2e9 x 10 GB x 900 s = 1.8e13 GB-s: more millionths than 64 bits hold.
  Bill big = testing::bill(R"(deploy: {function: {memory: 10240MB, duration: 900s}}
usage: {orders_per_month: 2000000000}
)");
  EXPECT_EQ(big.total().format(), "$240,036,593.67");
  Bill many = testing::bill(R"(deploy: {function: {memory: 512MB, duration: 3s}}
usage: {orders_per_month: 9223372036854}
)");
  EXPECT_EQ(many.total().format(), "$186,348,031.15");
}

TEST(CostOverflow, QuantitiesBeyondTheBoundAreRefusedWithIt) {
  const std::string e = bill_error(R"(deploy:
  function: {memory: 512MB, duration: 3s, invocations_per_order: 1000000000}
usage: {orders_per_month: 9000000000000}
)");
  EXPECT_NE(e.find("more than 1,000,000,000,000,000,000 GB-second"), std::string::npos) << e;
  EXPECT_TRUE(Quantity::from_double(1e300).overflowed());
  EXPECT_TRUE(
      multiply(Quantity::units(1'000'000'000'000), Quantity::units(10'000'000)).overflowed());
  EXPECT_FALSE(amount_for(Quantity::units(Quantity::kMaxUnits), *UnitPrice::parse("1000"), 1).ok());
}

TEST(CostLimits, LambdaMemoryAndDurationMustFitTheCatalogLimits) {
  const std::string huge = bill_error(R"(deploy: {function: {memory: 1e15MB, duration: 3s}}
usage: {orders_per_month: 1000}
)");
  EXPECT_NE(huge.find("outside Lambda's 128 MB to 10,240 MB"), std::string::npos) << huge;
  EXPECT_NE(bill_error("deploy: {function: {memory: 64MB, duration: 1s}}\n"
                       "usage: {orders_per_month: 10}")
                .find("aws:lambda.min_memory"),
            std::string::npos);
  const std::string slow = bill_error(R"(deploy: {function: {memory: 512MB, duration: 901s}}
usage: {orders_per_month: 1000}
)");
  EXPECT_NE(slow.find("901 s is more than Lambda's 900 s"), std::string::npos) << slow;
}

TEST(CostCatalogParse, ADecimalCommaIsAnErrorWithItsPlace) {
  auto pc = Catalog::parse_provider(R"(provider: demo
prices:
  - id: thing
    item: Thing
    price: "0,04048"
    unit: hour
    regions: [global]
    source: s
    read: 2026-11
)",
                                    "demo.yaml");
  ASSERT_FALSE(pc.ok());
  EXPECT_NE(pc.error().message().find("demo.yaml:5:12: prices[0].price"), std::string::npos)
      << pc.error().message();
  EXPECT_FALSE(UnitPrice::parse("0,04048").ok());
  EXPECT_FALSE(Money::parse("1,2345").ok());
  EXPECT_EQ(Money::parse("$1,234,567.5").value(), Money::from_micros(1'234'567'500'000));
  EXPECT_EQ(Money::parse("1_000").value(), usd("1000"));
}

TEST(CostCatalogParse, NestedRegionListsAreErrorsNotAborts) {
  auto pc = Catalog::parse_provider(R"(provider: demo
prices:
  - {id: thing, item: Thing, price: 1, unit: hour, regions: [[global]], source: s, read: 2026-11}
)",
                                    "demo.yaml");
  ASSERT_FALSE(pc.ok());
  EXPECT_NE(pc.error().message().find(
                "prices[0].regions[0]: expected a single value, got a list or mapping"),
            std::string::npos)
      << pc.error().message();
}

TEST(CostScenarioStrict, TopLevelTyposAreErrorsWithTheirPlace) {
  const std::string e = parse_error(
      "deploy: {function: {memory: 512MB, duration: 1s}}\n"
      "usgae: {orders_per_month: 10}\n");
  EXPECT_NE(e.find("bad.yaml:2:1: usgae: unknown field"), std::string::npos) << e;
  // The simulator's own sections are not typos.
  EXPECT_EQ(parse_error("traffic: {}\narchitecture: {}\ntargets: {}\nsimulation: {}\n"
                        "description: d\ndeploy: {}\n"),
            "");
}

TEST(CostScenarioStrict, EmptyOrNestedPlatformListsAreErrors) {
  EXPECT_NE(parse_error("deploy: {platforms: []}").find("deploy.platforms: an empty list"),
            std::string::npos);
  EXPECT_NE(parse_error("deploy: {platforms: [[aws]]}")
                .find("deploy.platforms[0]: expected a single value"),
            std::string::npos);
  EXPECT_NE(parse_error("deploy: {exclude: {aws: [[cdn]]}}")
                .find("deploy.exclude.aws[0]: expected a single value"),
            std::string::npos);
}

TEST(CostScenarioStrict, CountsOfThingsAreWhole) {
  EXPECT_NE(parse_error("usage: {orders_per_month: 10.5}")
                .find("usage.orders_per_month: expected a whole number, got 10.5"),
            std::string::npos);
  EXPECT_NE(parse_error("usage: {requests_per_month: 0.1}").find("whole number"),
            std::string::npos);
}

TEST(CostScenarioStrict, RunsForLongerThanTheMonthIsRefused) {
  const std::string e =
      bill_error("deploy: {services: [{name: batch, vcpu: 1, memory: 1GB, runs_for: 731h}]}");
  EXPECT_NE(e.find("runs_for 731 h is more than the 730 h billing month"), std::string::npos) << e;
}

TEST(CostAlb, ProcessedBytesCountTowardCapacityUnits) {
  // 730 GB through the ALB in a month: at 1 GB per LCU-hour, 730 LCU-hours.
  Bill b = testing::bill("deploy: {load_balancer: true}\nusage: {load_balancer_processed: 730GB}");
  EXPECT_EQ(testing::amount(b, "load_balancer", "aws:alb.lcu"), usd("5.84"));
  // Egress leaves through it when nothing else is said; a stated LCU wins when larger.
  Bill egress = testing::bill("deploy: {load_balancer: true}\nusage: {egress: 365GB}");
  EXPECT_EQ(testing::amount(egress, "load_balancer", "aws:alb.lcu"), usd("2.92"));
  Bill stated =
      testing::bill("deploy: {load_balancer: true}\nusage: {egress: 1GB, load_balancer_lcu: 2}");
  EXPECT_EQ(testing::amount(stated, "load_balancer", "aws:alb.lcu"), usd("11.68"));
}

TEST(CostRailway, PricedFromThePublishedMonthlyUnit) {
  // One vCPU and 1 GB all month: $20 + $10, not 43,800 min x $0.000463.
  Bill b = testing::bill("deploy: {services: [{name: api, vcpu: 1, memory: 1GB}]}", "railway");
  EXPECT_EQ(testing::amount(b, "api", "railway:usage.vcpu"), usd("20"));
  EXPECT_EQ(testing::amount(b, "api", "railway:usage.memory"), usd("10"));
}

TEST(CostRounding, PrintedLinesAddUpToThePrintedTotal) {
  // Three lines of $0.004 each: shown as $0.00, the exact total $0.012 as $0.01.
  Bill b;
  for (int i = 0; i < 3; ++i) {
    BillLine l;
    l.amount = Money::from_micros(4'000);
    b.lines.push_back(l);
  }
  std::vector<Money> amounts = {b.lines[0].amount, b.lines[1].amount, b.lines[2].amount};
  EXPECT_EQ(display_rounding(amounts, b.total()), usd("0.01"));
  b.platform = "aws";
  CostReport report;
  report.bills.push_back(b);
  const std::string text = render(report, Format::kText);
  EXPECT_NE(text.find("rounding"), std::string::npos) << text;
  EXPECT_NE(text.find("$0.01"), std::string::npos) << text;
  // The growth-stage example's first AWS stage: the rounded lines miss the total by a cent.
  auto s = load_cost_scenario(test::source_path("examples/cost/scanner-growth-stages.yaml"));
  ASSERT_TRUE(s.ok()) << s.error().message();
  auto stages = price_stages(testing::repo_catalog(), *s, {"aws"});
  ASSERT_EQ(stages.platforms.size(), 1u);
  const Bill& stage1 = stages.platforms[0].bills.at(0);
  Money shown;
  std::vector<Money> lines;
  for (const auto& l : stage1.lines) {
    shown += l.amount.rounded();
    lines.push_back(l.amount);
  }
  EXPECT_EQ(shown + display_rounding(lines, stage1.total()), stage1.total().rounded());
}

TEST(CostBreakEven, ComparesExactAmounts) {
  auto s = load_cost_scenario(test::source_path("examples/cost/serverless-bill.yaml"));
  ASSERT_TRUE(s.ok()) << s.error().message();
  ASSERT_FALSE(s->break_even.empty());
  const BreakEvenQuery& q = s->break_even[0];
  auto r = find_break_even(testing::repo_catalog(), q);
  ASSERT_TRUE(r.ok()) << r.error().message();
  ASSERT_TRUE(r->orders_per_month.has_value());
  // Recompute each bill from its lines' exact quantity x price in long
  // double: one order below the break-even Lambda must still be cheaper.
  auto exact = [&](const CostOption& o, int64_t orders) {
    Usage usage = o.usage;
    usage.orders = Quantity::units(orders);
    Bill bill = build_bill(testing::repo_catalog(), o.deploy, usage, o.platform).value();
    long double sum = 0;
    for (const auto& l : bill.lines)
      sum += static_cast<long double>(l.billed.micros()) * l.price.picos() / 1e18L / l.per;
    return sum;
  };
  const int64_t n = *r->orders_per_month;
  EXPECT_LT(exact(q.a, n - 1), exact(q.b, n - 1)) << n;
  EXPECT_GE(exact(q.a, n), exact(q.b, n)) << n;
}

TEST(CostFiles, ADirectoryWhereAFileIsExpectedIsAClearError) {
  const test::TempDir scratch;
  const std::string& dir = scratch.path();
  auto scenario = load_cost_scenario(dir);
  ASSERT_FALSE(scenario.ok());
  EXPECT_NE(scenario.error().message().find("is a directory, expected a file"), std::string::npos);
  auto sim = read_sim_result(dir);
  ASSERT_FALSE(sim.ok());
  EXPECT_NE(sim.error().message().find("is a directory"), std::string::npos);
}

}  // namespace
}  // namespace stackplan::cost
