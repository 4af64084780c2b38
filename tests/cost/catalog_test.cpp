#include "cost/catalog.h"

#include <gtest/gtest.h>

#include "cost/catalog_check.h"
#include "test_support.h"

namespace stackplan::cost {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;
using std::chrono::year_month_day;
using testing::repo_catalog;

const year_month_day kToday{year(2026), month(11), day(23)};

TEST(CostCatalog, RepositoryCatalogPassesCheck) {
  const Catalog& c = repo_catalog();
  for (const char* provider : {"aws", "railway", "render", "heroku", "digitalocean"})
    EXPECT_NE(c.provider(provider), nullptr) << provider;
  auto issues = check_catalog(c, {kToday, std::nullopt});
  EXPECT_TRUE(catalog_errors(issues).ok()) << catalog_errors(issues).message();
}

TEST(CostCatalog, EveryPriceCarriesUnitRegionSourceAndDate) {
  for (const auto& pc : repo_catalog().providers())
    for (const auto& e : pc.prices) {
      EXPECT_FALSE(e.unit.empty()) << e.ref();
      EXPECT_FALSE(e.regions.empty()) << e.ref();
      EXPECT_FALSE(e.source.empty()) << e.ref();
      EXPECT_TRUE(parse_read_date(e.read).ok()) << e.ref();
    }
}

TEST(CostCatalog, FindsPricesPerRegionAndNamesWhatIsMissing) {
  const Catalog& c = repo_catalog();
  auto fargate = c.price("aws", "fargate.x86.vcpu", "us-west-2", "vCPU-hour");
  ASSERT_TRUE(fargate.ok()) << fargate.error().message();
  EXPECT_EQ((*fargate)->tiers.front().price, *UnitPrice::parse("0.04048"));

  auto alb_west = c.price("aws", "alb.hours", "us-west-2", "hour");
  ASSERT_FALSE(alb_west.ok());
  EXPECT_NE(alb_west.error().message().find("aws:alb.hours in region us-west-2"), std::string::npos)
      << alb_west.error().message();

  auto missing = c.price("render", "postgres.basic", "us-east-1", "month");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message().find("missing price render:postgres.basic"),
            std::string::npos)
      << missing.error().message();

  auto wrong_unit = c.price("aws", "lambda.requests", "us-east-1", "GB-second");
  ASSERT_FALSE(wrong_unit.ok());
  EXPECT_NE(wrong_unit.error().message().find("is per \"request\""), std::string::npos);
}

TEST(CostCatalog, FreeTiersAreData) {
  const Catalog& c = repo_catalog();
  EXPECT_EQ((*c.price("aws", "lambda.requests", "us-east-1", "request"))->free_per_month,
            Quantity::units(1'000'000));
  EXPECT_EQ((*c.price("aws", "lambda.x86.duration", "us-east-1", "GB-second"))->free_per_month,
            Quantity::units(400'000));
  EXPECT_EQ((*c.price("aws", "sqs.standard.requests", "us-east-1", "request"))->free_per_month,
            Quantity::units(1'000'000));
  EXPECT_EQ(*c.fact("conventions", "hours_per_month", "us-east-1", "hour"), Quantity::units(730));
}

const char* kGood = R"(provider: demo
currency: USD
prices:
  - {id: a, price: 1.5, unit: hour, regions: [global], source: "page", read: 2026-11-01}
)";

TEST(CostCatalogCheck, FlagsMissingUnitSourceDateAndDuplicates) {
  auto pc = Catalog::parse_provider(R"(provider: demo
prices:
  - {id: a, price: 1, regions: [global], source: "page", read: 2026-11}
  - {id: b, price: 1, unit: hour, regions: [global], read: 2026-11}
  - {id: c, price: 1, unit: hour, regions: [global], source: "page"}
  - {id: d, price: 1, unit: parsec, regions: [global], source: "page", read: 2026-11}
  - {id: d, price: 2, unit: hour, regions: [global], source: "page", read: 2026-11}
  - {id: e, price: 1, unit: hour, source: "page", read: 2026-13}
)",
                                    "demo.yaml");
  ASSERT_TRUE(pc.ok()) << pc.error().message();
  Catalog c;
  ASSERT_TRUE(c.add(std::move(*pc)).ok());
  auto st = catalog_errors(check_catalog(c, {kToday, std::nullopt}));
  ASSERT_FALSE(st.ok());
  const std::string& m = st.message();
  EXPECT_NE(m.find("demo:a: no unit"), std::string::npos) << m;
  EXPECT_NE(m.find("demo:b: no source"), std::string::npos) << m;
  EXPECT_NE(m.find("demo:c: no read date"), std::string::npos) << m;
  EXPECT_NE(m.find("unknown unit \"parsec\""), std::string::npos) << m;
  EXPECT_NE(m.find("duplicate of demo.yaml:6"), std::string::npos) << m;
  EXPECT_NE(m.find("demo:e: no regions"), std::string::npos) << m;
  EXPECT_NE(m.find("\"2026-13\" is not YYYY-MM"), std::string::npos) << m;
}

TEST(CostCatalogCheck, OldPricesAreWarningsOnlyWithMaxAge) {
  auto pc = Catalog::parse_provider(kGood, "demo.yaml");
  ASSERT_TRUE(pc.ok()) << pc.error().message();
  Catalog c;
  ASSERT_TRUE(c.add(std::move(*pc)).ok());
  const year_month_day later{year(2027), month(6), day(1)};
  EXPECT_TRUE(check_catalog(c, {later, std::nullopt}).empty());
  auto issues = check_catalog(c, {later, std::chrono::days(90)});
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].severity, CatalogIssue::Severity::kWarning);
  EXPECT_TRUE(catalog_errors(issues).ok());
  // A date in the future is an error.
  const year_month_day earlier{year(2026), month(1), day(1)};
  EXPECT_FALSE(catalog_errors(check_catalog(c, {earlier, std::nullopt})).ok());
}

TEST(CostCatalogLoad, PriceAndTiersTogetherIsOneErrorNotThreeAndTyposAreSuggested) {
  auto both = Catalog::parse_provider(R"(provider: demo
prices:
  - {id: a, unit: hour, price: 1, tiers: [{price: 1}]}
)",
                                      "demo.yaml");
  ASSERT_FALSE(both.ok());
  EXPECT_EQ(both.error().message(),
            "demo.yaml:3:42: prices[0].tiers: give either price or tiers, not both");

  auto typo = Catalog::parse_provider(R"(provider: demo
prices:
  - id: a
    unit: request
    tiers:
      - {up_to: 10, price: 1}
      - {pirce: 2}
)",
                                      "demo.yaml");
  ASSERT_FALSE(typo.ok());
  EXPECT_NE(typo.error().message().find(
                "demo.yaml:7:10: prices[0].tiers[1].pirce: unknown field (did you mean `price`?)"),
            std::string::npos)
      << typo.error().message();
}

TEST(CostCatalogLoad, BadFilesGiveErrorsWithFileLineAndField) {
  auto bad_price = Catalog::parse_provider(R"(provider: demo
prices:
  - id: a
    price: cheap
    unit: hour
)",
                                           "demo.yaml");
  ASSERT_FALSE(bad_price.ok());
  EXPECT_NE(bad_price.error().message().find("demo.yaml:4:12: prices[0].price"), std::string::npos)
      << bad_price.error().message();

  auto unknown = Catalog::parse_provider(R"(provider: demo
prices:
  - {id: a, price: 1, unit: hour, cost: 2}
)",
                                         "demo.yaml");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message().find("prices[0].cost: unknown field"), std::string::npos)
      << unknown.error().message();

  auto tiers = Catalog::parse_provider(R"(provider: demo
prices:
  - id: a
    unit: request
    tiers:
      - {price: 1}
      - {up_to: 10, price: 2}
)",
                                       "demo.yaml");
  ASSERT_FALSE(tiers.ok());
  EXPECT_NE(tiers.error().message().find("every tier but the last needs up_to"), std::string::npos)
      << tiers.error().message();

  auto syntax = Catalog::parse_provider("provider: [demo\n", "demo.yaml");
  ASSERT_FALSE(syntax.ok());
  EXPECT_NE(syntax.error().message().find("demo.yaml:"), std::string::npos);

  EXPECT_FALSE(Catalog::load_directory("/nonexistent/catalog").ok());
}

}  // namespace
}  // namespace stackplan::cost
