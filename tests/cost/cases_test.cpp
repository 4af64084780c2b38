// The repository-scanner, language-TCO and serverless-bill cases: the cost
// engine prices each case's inputs; figures that follow from published prices
// are reproduced, those that do not are shown wrong, with the correct amount.
// See docs/CASES.md and docs/COST.md.
#include <gtest/gtest.h>

#include "cost/analysis.h"
#include "test_support.h"

namespace stackplan::cost {
namespace {

using testing::amount;
using testing::repo_catalog;
using testing::usd;
using testing::within;

// ---- The serverless-bill case: 1M requests at 512 MB for 1 s, API Gateway REST ----

const char* kServerlessBill = R"(deploy:
  region: us-east-1
  free_tier: %s
  function: {memory: 512MB, duration: 1s, api_gateway: rest}
usage:
  requests_per_month: 1000000
  function_invocations: 1000000
)";

Bill serverless_bill(bool free_tier) {
  char yaml[512];
  std::snprintf(yaml, sizeof yaml, kServerlessBill, free_tier ? "true" : "false");
  return testing::bill(yaml);
}

TEST(CostServerlessBill, RequestChargeIsTwentyCentsNotTwoDollars) {
  Bill b = serverless_bill(false);
  const Money requests = amount(b, "function", "aws:lambda.requests");
  EXPECT_EQ(requests.format(), "$0.20");
  EXPECT_NE(requests, usd("2.00"));  // the case's figure: ten times the published price
  // Its other two lines are right: 500,000 GB-s = $8.33, 1M REST calls = $3.50.
  EXPECT_EQ(amount(b, "function", "aws:lambda.x86.duration").format(), "$8.33");
  EXPECT_EQ(amount(b, "api_gateway").format(), "$3.50");
}

TEST(CostServerlessBill, CorrectTotalWithAndWithoutTheFreeTier) {
  // The case says "~$14/month" ($2.00 + $8.33 + $3.50 = $13.83).
  EXPECT_EQ(serverless_bill(false).total().format(), "$12.03");
  // With Lambda's always-free 1M requests and 400,000 GB-s: only 100,000 GB-s
  // and the API Gateway calls are paid.
  Bill free = serverless_bill(true);
  EXPECT_EQ(amount(free, "function", "aws:lambda.requests"), Money());
  EXPECT_EQ(amount(free, "function", "aws:lambda.x86.duration").format(), "$1.67");
  EXPECT_EQ(free.total().format(), "$5.17");
}

// ---- The language-TCO case: 2-year TCO at $100/hour from its own inputs ----

TEST(CostLanguageTco, TwoYearTcoFromItsOwnInputs) {
  CostScenario s = testing::scenario(R"(tco:
  months: 24
  hourly_rate: 100
  options:
    - {name: Python, build_hours: 25.5, maintenance_per_month: 700, infrastructure_per_month: 430}
    - {name: Go + Python, build_hours: 46, maintenance_per_month: 700, infrastructure_per_month: 426}
    - {name: TypeScript + Python, build_hours: 47.75, maintenance_per_month: 700, infrastructure_per_month: 478}
    - {name: C# + Python, build_hours: 64.75, maintenance_per_month: 750, infrastructure_per_month: 520}
    - {name: Java + Python, build_hours: 71.25, maintenance_per_month: 800, infrastructure_per_month: 565}
    - {name: Rust + Python, build_hours: 88, maintenance_per_month: 1000, infrastructure_per_month: 394}
)");
  auto tco = compute_tco(repo_catalog(), s);
  ASSERT_TRUE(tco.ok()) << tco.error().message();
  ASSERT_EQ(tco->rows.size(), 6u);
  const char* stated_totals[] = {"29670", "31624", "33047", "36955", "39885", "42256"};
  for (size_t i = 0; i < 6; ++i)
    EXPECT_EQ(tco->rows[i].total, usd(stated_totals[i])) << tco->rows[i].name;
  EXPECT_EQ(tco->rows[0].build, usd("2550"));
  EXPECT_EQ(tco->rows[0].infrastructure, usd("10320"));
  EXPECT_EQ(tco->rows[1].total - tco->rows[0].total, usd("1954"));  // "only $1,954 more"
}

// ---- The repository-scanner case: Stage 1 (startup) AWS table, line by line ----

const char* kRepositoryScannerStage1 = R"(deploy:
  region: us-east-1
  load_balancer: true
  nat_gateways: 1
  services:
    - {name: frontend, vcpu: 0.25, memory: 0.5GB, count: 2}
    - {name: api, vcpu: 0.5, memory: 1GB, count: 2}
    - {name: workers, vcpu: 1, memory: 2GB, count: 1}
  database: {aws: {class: db.t3.micro}}
  cache: {aws: {node: cache.t3.micro}}
usage:
  database_storage: 100GB
  object_storage: 50GB
  object_puts: 1000
  registry_storage: 5GB
  cdn_transfer: 100GB
  nat_processed: 10GB
  egress: 50GB
  logs_ingested: 10GB
)";

TEST(CostRepositoryScannerStage1, LinesThatFollowFromPublishedPrices) {
  Bill b = testing::bill(kRepositoryScannerStage1);
  // The case rounds to whole dollars; these agree to within that rounding.
  EXPECT_TRUE(within(amount(b, "load_balancer", "aws:alb.hours"), usd("16"), usd("0.50")));
  // The case ignores LCUs, but the 50 GB of egress leave through the ALB:
  // 50 GB / 1 GB per LCU-hour = 50 LCU-hours at $0.008.
  EXPECT_EQ(amount(b, "load_balancer", "aws:alb.lcu"), usd("0.40"));
  EXPECT_TRUE(within(amount(b, "cache"), usd("12"), usd("0.50")));
  EXPECT_EQ(amount(b, "registry"), usd("0.50"));
  EXPECT_EQ(amount(b, "cdn"), usd("8.50"));
  EXPECT_EQ(amount(b, "egress"), usd("4.50"));
  EXPECT_EQ(amount(b, "logs"), usd("5"));
  EXPECT_TRUE(within(amount(b, "nat"), usd("34"), usd("1")));
}

TEST(CostRepositoryScannerStage1, FargateLinesPriceOneVcpuHourAsATaskHour) {
  Bill b = testing::bill(kRepositoryScannerStage1);
  // The case charges $0.04048 per task-hour, the price of one vCPU-hour.
  struct Tier {
    const char* name;
    double vcpu, gb;
    int tasks;
    const char* stated;
  };
  for (const Tier& t : {Tier{"frontend", 0.25, 0.5, 2, "59"}, Tier{"api", 0.5, 1, 2, "118"},
                        Tier{"workers", 1, 2, 1, "118"}}) {
    const Money engine = amount(b, t.name);
    const double expected = t.tasks * 730 * (t.vcpu * 0.04048 + t.gb * 0.004445);
    EXPECT_TRUE(
        within(engine, Money::from_micros(static_cast<int64_t>(expected * 1e6)), usd("0.01")))
        << t.name << " " << engine.format();
    EXPECT_GT(usd(t.stated) - engine, usd("40")) << t.name;
  }
  EXPECT_EQ(amount(b, "frontend").format(), "$18.02");
  EXPECT_EQ(amount(b, "api").format(), "$36.04");
  EXPECT_EQ(amount(b, "workers").format(), "$36.04");
}

TEST(CostRepositoryScannerStage1, StorageIsNotIncludedWithDbT3Micro) {
  Bill b = testing::bill(kRepositoryScannerStage1);
  EXPECT_EQ(amount(b, "database", "aws:rds.postgres.db.t3.micro").format(), "$13.14");
  // "100GB storage included" is not so: 100 GB x $0.115 = $11.50 on top.
  EXPECT_EQ(amount(b, "database", "aws:rds.storage.gp3"), usd("11.50"));
  EXPECT_GT(amount(b, "database"), usd("15"));
}

TEST(CostRepositoryScannerStage1, TotalIsAboutHalfThePublishedOne) {
  Bill b = testing::bill(kRepositoryScannerStage1);
  // The case's published Stage 1 total ("~$392/month", its lines sum to $392.50).
  const Money published = usd("392.50");
  EXPECT_TRUE(within(b.total() * 2, published, usd("2"))) << b.total().format();
  Money lines;
  for (const auto& l : b.lines) lines += l.amount;
  EXPECT_EQ(lines, b.total());
  EXPECT_EQ(b.total().format(), "$196.93");
}

// ---- The repository-scanner case: payback of a rewrite ----

TEST(CostRepositoryScannerPayback, MonthsToBreakEven) {
  EXPECT_EQ(payback({"bootstrap", usd("30000"), usd("30")}).months, Quantity::units(1000));
  EXPECT_EQ(payback({"growth", usd("30000"), usd("300")}).months, Quantity::units(100));
  EXPECT_EQ(payback({"scale", usd("30000"), usd("2500")}).months, Quantity::units(12));
}

}  // namespace
}  // namespace stackplan::cost
