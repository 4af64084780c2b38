// The library behind `stackplan cost` and `stackplan catalog`, called as the
// command line calls it but without a process.
#include "report/cost_command.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "report/catalog_command.h"
#include "support/files.h"
#include "test_support.h"

namespace stackplan::cost {
namespace {

using testing::repo_catalog;

CostRequest lambda_case(const std::string& format = "json") {
  CostRequest r;
  r.scenario_path = test::source_path("examples/cost/flash-sale-lambda.yaml");
  r.catalog_dir = test::source_path("catalog");
  r.format = format;
  return r;
}

// The total of the first bill in a JSON report.
Money first_bill_total(const CostOutput& out) {
  auto doc = nlohmann::json::parse(out.report);
  return Money::parse(doc["bills"][0]["total_usd"].get<std::string>()).value();
}

// The aws bill the engine computes for the Lambda case, with or without the free tier.
Money engine_total(bool free_tier) {
  auto s = load_cost_scenario(test::source_path("examples/cost/flash-sale-lambda.yaml"));
  EXPECT_TRUE(s.ok());
  s->deploy.free_tier = free_tier;
  return build_bill(repo_catalog(), s->deploy, s->usage, "aws").value().total();
}

TEST(CostCommand, PricesTheLambdaCaseAsTheEngineDoes) {
  auto out = run_cost_command(lambda_case());
  ASSERT_TRUE(out.ok()) << out.error().message();
  EXPECT_FALSE(out->incomplete);
  EXPECT_TRUE(out->errors.empty());
  EXPECT_EQ(first_bill_total(*out), engine_total(true));
}

TEST(CostCommand, NoFreeTierBillsTheFreeAllowance) {
  CostRequest r = lambda_case();
  r.no_free_tier = true;
  auto out = run_cost_command(r);
  ASSERT_TRUE(out.ok()) << out.error().message();
  EXPECT_EQ(first_bill_total(*out), engine_total(false));
  EXPECT_GT(engine_total(false), engine_total(true));
}

// --set prices the file as if edited, and a misspelt field is the reader's
// error.
TEST(CostCommand, SetOverridesAFieldForOneRun) {
  CostRequest r = lambda_case();
  r.overrides = {"usage.orders_per_month=2000000"};
  auto set = run_cost_command(r);
  ASSERT_TRUE(set.ok()) << set.error().message();
  std::string text = test::read_file(r.scenario_path);
  const std::string stated = "usage:\n  orders_per_month: 1000000";
  ASSERT_NE(text.find(stated), std::string::npos);
  text.replace(text.find(stated), stated.size(), "usage:\n  orders_per_month: 2000000");
  const test::TempDir dir;
  CostRequest edited = lambda_case();
  edited.scenario_path = dir.write("flash-sale-lambda.yaml", text);
  auto expected = run_cost_command(edited);
  ASSERT_TRUE(expected.ok()) << expected.error().message();
  EXPECT_EQ(set->report, expected->report);
  EXPECT_GT(first_bill_total(*set), engine_total(true)) << "twice the orders cost more";
  r.overrides = {"usage.orders_per_mnth=1"};
  auto typo = run_cost_command(r);
  ASSERT_FALSE(typo.ok());
  EXPECT_NE(typo.error().message().find("usage.orders_per_mnth"), std::string::npos)
      << typo.error().message();
}

TEST(CostCommand, UnknownPlatformIsAPartialReportWithTheReason) {
  CostRequest r = lambda_case();
  r.platforms = {"aws", "nowhere"};
  auto out = run_cost_command(r);
  ASSERT_TRUE(out.ok()) << out.error().message();
  EXPECT_TRUE(out->incomplete);
  ASSERT_EQ(out->errors.size(), 1u);
  EXPECT_NE(out->errors[0].find("nowhere"), std::string::npos) << out->errors[0];
  EXPECT_EQ(first_bill_total(*out), engine_total(true));

  // The text report shows the reason itself, so none is left for stderr.
  r.format = "text";
  auto text = run_cost_command(r);
  ASSERT_TRUE(text.ok());
  EXPECT_TRUE(text->incomplete);
  EXPECT_TRUE(text->errors.empty());
  EXPECT_NE(text->report.find(out->errors[0]), std::string::npos) << text->report;
}

TEST(CostCommand, RefusesAnUnknownFormat) {
  auto out = run_cost_command(lambda_case("yaml"));
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().message(), "--format: expected text, markdown, json or csv");
}

TEST(CostCommand, RefusesAScenarioWithNothingToPrice) {
  const test::TempDir dir;
  const std::string path =
      dir.write("nothing_to_price.yaml", "name: empty\nusage:\n  orders_per_month: 10\n");
  CostRequest r = lambda_case();
  r.scenario_path = path;
  auto out = run_cost_command(r);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().message(),
            path +
                ": nothing to price: add a deploy:, stages:, tco: or break_even: section "
                "(docs/COST.md)");
}

TEST(CostCommand, MissingCatalogDirectoryIsNamed) {
  CostRequest r = lambda_case();
  r.catalog_dir = "/nonexistent/catalog";
  auto out = run_cost_command(r);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().message(),
            "/nonexistent/catalog: catalog directory not found (use --catalog DIR)");
}

TEST(CostCommand, MissingSimulationFileIsNamed) {
  CostRequest r = lambda_case();
  r.from_sim = "/nonexistent/sim.json";
  auto out = run_cost_command(r);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().message(),
            "/nonexistent/sim.json: cannot open file (No such file or directory)");
}

CatalogRequest catalog_request(CatalogRequest::Action action) {
  CatalogRequest r;
  r.action = action;
  r.catalog_dir = test::source_path("catalog");
  return r;
}

TEST(CatalogCommand, ListsEveryProvider) {
  auto out = run_catalog_command(catalog_request(CatalogRequest::Action::kList));
  ASSERT_TRUE(out.ok()) << out.error().message();
  for (const auto& pc : repo_catalog().providers())
    EXPECT_NE(out->text.find(pc.name), std::string::npos) << pc.name;
}

TEST(CatalogCommand, ShowRefusesAnUnknownProvider) {
  CatalogRequest r = catalog_request(CatalogRequest::Action::kShow);
  r.provider = "nowhere";
  auto out = run_catalog_command(r);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().message(),
            "no provider \"nowhere\" in the catalog (stackplan catalog list)");
}

TEST(CatalogCommand, CheckWarnsOnOldPricesWithoutFailing) {
  CatalogRequest r = catalog_request(CatalogRequest::Action::kCheck);
  r.today = "2040-01-01";
  r.max_age = "30d";
  auto out = run_catalog_command(r);
  ASSERT_TRUE(out.ok()) << out.error().message();
  EXPECT_FALSE(out->check_failed);
  EXPECT_NE(out->text.find("warning: "), std::string::npos);
  EXPECT_EQ(out->text.find("error: "), std::string::npos);
}

TEST(CatalogCommand, CheckRefusesABadAge) {
  CatalogRequest r = catalog_request(CatalogRequest::Action::kCheck);
  r.max_age = "soon";
  auto out = run_catalog_command(r);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().message(), "--max-age: expected a duration like 180d");
}

TEST(CatalogCommand, RefusesJson) {
  CatalogRequest r = catalog_request(CatalogRequest::Action::kList);
  r.format = "json";
  auto out = run_catalog_command(r);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().message(), "--format: expected text, markdown or csv");
}

}  // namespace
}  // namespace stackplan::cost
