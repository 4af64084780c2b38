// The cost sections of a scenario: what they accept, how stages merge, and
// the errors bad input gets.
#include <gtest/gtest.h>

#include "cost/analysis.h"
#include "cost/cost_scenario.h"
#include "test_support.h"

namespace stackplan::cost {
namespace {

std::string error_of(const std::string& yaml) {
  auto s = parse_cost_scenario(yaml, "bad.yaml");
  return s.ok() ? "" : s.error().message();
}

TEST(CostScenario, UnknownFieldsInsideCostSectionsAreErrorsWithTheirPlace) {
  const std::string e = error_of(R"(name: x
traffic: {users: 20}
deploy:
  servces: []
usage:
  orders: 10
)");
  EXPECT_NE(e.find("bad.yaml:4:3: deploy.servces: unknown field"), std::string::npos) << e;
  EXPECT_NE(e.find("bad.yaml:6:3: usage.orders: unknown field"), std::string::npos) << e;
  EXPECT_EQ(e.find("traffic"), std::string::npos) << "simulator keys are not ours: " << e;
}

TEST(CostScenario, BadValuesNameTheField) {
  EXPECT_NE(error_of("deploy: {platforms: [aws, azure]}").find("unknown platform \"azure\""),
            std::string::npos);
  EXPECT_NE(error_of("deploy: {services: [{name: a, vcpu: 1, memory: lots}]}")
                .find("deploy.services[0].memory: expected a memory size"),
            std::string::npos);
  EXPECT_NE(error_of("deploy: {services: [{name: a, memory: 1GB}]}")
                .find("deploy.services[0].vcpu: needs a positive vcpu"),
            std::string::npos);
  EXPECT_NE(error_of("deploy: {function: {memory: 512MB, duration: 3s, api_gateway: soap}}")
                .find("expected one of none | rest | http"),
            std::string::npos);
  EXPECT_NE(error_of("usage: {orders_per_month: many}").find("usage.orders_per_month"),
            std::string::npos);
  EXPECT_NE(error_of("deploy: {exclude: {railway: [kitchen]}}").find("unknown component"),
            std::string::npos);
  EXPECT_NE(error_of("tco: {hourly_rate: 1.0000001}").find("more than 6 decimals"),
            std::string::npos);
  EXPECT_NE(error_of("deploy: [1, 2]").find("deploy: expected a mapping"), std::string::npos);
  EXPECT_NE(error_of("deploy: {region: [\n").find("YAML syntax error"), std::string::npos);
  EXPECT_FALSE(load_cost_scenario("/nonexistent.yaml").ok());
}

TEST(CostScenario, StagesMergeOverTheBaseByKeyAndByName) {
  CostScenario s = testing::scenario(R"(deploy:
  services:
    - {name: api, vcpu: 0.5, memory: 1GB, count: 2}
    - {name: worker, vcpu: 1, memory: 2GB, count: 1}
  cache: {aws: {node: cache.t3.micro}}
usage: {egress: 50GB}
stages:
  - {name: small}
  - name: big
    users: 1000
    deploy:
      services: [{name: worker, count: 4}, {name: cron, vcpu: 0.25, memory: 512MB}]
      cache: null
    usage: {egress: 1TB}
)");
  ASSERT_EQ(s.stages.size(), 2u);
  const Stage& big = s.stages[1];
  EXPECT_EQ(big.users, 1000);
  ASSERT_EQ(big.deploy.services.size(), 3u);
  EXPECT_EQ(big.deploy.services[0].count, 2);   // untouched
  EXPECT_EQ(big.deploy.services[1].count, 4);   // overridden
  EXPECT_EQ(big.deploy.services[1].vcpu, 1.0);  // kept from the base
  EXPECT_EQ(big.deploy.services[2].name, "cron");
  EXPECT_FALSE(big.deploy.cache.has_value());  // null removes
  EXPECT_EQ(big.usage.egress_gb, Quantity::units(1000));
  EXPECT_EQ(s.stages[0].usage.egress_gb, Quantity::units(50));
}

TEST(CostBills, MissingPricesAreErrorsNamingThemNeverZero) {
  auto fails = [](const std::string& yaml, const std::string& platform) {
    CostScenario s = testing::scenario(yaml);
    auto b = build_bill(testing::repo_catalog(), s.deploy, s.usage, platform);
    return b.ok() ? std::string() : b.error().message();
  };
  // ALB is published for us-east-1 only in the reference prices.
  EXPECT_NE(fails("deploy: {region: us-west-2, load_balancer: true}", "aws")
                .find("missing price aws:alb.hours in region us-west-2"),
            std::string::npos);
  // Render's managed Postgres is not in the catalog.
  EXPECT_NE(fails("deploy: {database: {render: {plan: basic-1gb}}}", "render")
                .find("missing price render:postgres.basic-1gb"),
            std::string::npos);
  // Heroku dynos have no specs: a service must name its dyno.
  EXPECT_NE(fails("deploy: {services: [{name: a, vcpu: 1, memory: 1GB}]}", "heroku")
                .find("no heroku plan in the catalog fits"),
            std::string::npos);
  // A managed AWS service on a PaaS must be excluded explicitly.
  EXPECT_NE(fails("deploy: {load_balancer: true}", "railway").find("exclude: {railway: "),
            std::string::npos);
  // DigitalOcean egress needs the included allowance, which the catalog lacks.
  EXPECT_NE(fails("usage: {egress: 10GB}", "digitalocean")
                .find("missing fact digitalocean:droplet.transfer_allowance"),
            std::string::npos);
  // A function needs a monthly volume.
  EXPECT_NE(fails("deploy: {function: {memory: 512MB, duration: 1s}}", "aws")
                .find("needs usage.orders_per_month"),
            std::string::npos);
}

TEST(CostBills, ExcludedComponentsAreNotedOnTheBill) {
  Bill b = testing::bill(R"(deploy:
  load_balancer: true
  services: [{name: api, vcpu: 1, memory: 1GB, plans: {heroku: dyno.standard-1x}}]
  exclude: {heroku: [load_balancer]}
)",
                         "heroku");
  ASSERT_EQ(b.lines.size(), 1u);
  EXPECT_EQ(b.total(), testing::usd("25"));
  ASSERT_FALSE(b.notes.empty());
  EXPECT_NE(b.notes.back().find("load_balancer excluded"), std::string::npos);
}

TEST(CostBills, PlanPlatformsPickTheCheapestPlanThatFits) {
  Bill b =
      testing::bill("deploy: {services: [{name: a, vcpu: 1.5, memory: 3GB, count: 2}]}", "render");
  ASSERT_EQ(b.lines.size(), 1u);
  EXPECT_EQ(b.lines[0].ref, "render:web.pro");
  EXPECT_TRUE(b.lines[0].unverified);
  EXPECT_EQ(b.total(), testing::usd("170"));
}

}  // namespace
}  // namespace stackplan::cost
