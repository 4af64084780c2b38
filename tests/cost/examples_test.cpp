// Every example in examples/cost prices on each platform it names, with no
// missing price, and its stages, TCO and break-evens compute.
#include <gtest/gtest.h>

#include <filesystem>

#include "cost/analysis.h"
#include "test_support.h"

namespace stackplan::cost {
namespace {

TEST(CostExamples, EveryExamplePricesWithoutMissingPrices) {
  const auto dir = std::filesystem::path(test::source_path("examples/cost"));
  int seen = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".yaml") continue;
    ++seen;
    SCOPED_TRACE(entry.path().string());
    auto s = load_cost_scenario(entry.path().string());
    ASSERT_TRUE(s.ok()) << s.error().message();
    const Catalog& catalog = testing::repo_catalog();
    if (s->has_deploy)
      for (const auto& platform : s->deploy.platforms) {
        auto bill = build_bill(catalog, s->deploy, s->usage, platform);
        EXPECT_TRUE(bill.ok()) << bill.error().message();
      }
    for (const auto& ps : price_stages(catalog, *s, {}).platforms)
      EXPECT_TRUE(ps.error.empty()) << ps.error;
    if (s->tco) {
      EXPECT_TRUE(compute_tco(catalog, *s).ok());
    }
    for (const auto& q : s->break_even) {
      auto r = find_break_even(catalog, q);
      ASSERT_TRUE(r.ok()) << r.error().message();
      EXPECT_TRUE(r->orders_per_month.has_value()) << q.name;
    }
  }
  EXPECT_GE(seen, 5);
}

TEST(CostExamples, RepositoryScannerGrowthStagesAreCheaperThanTheCaseSays) {
  auto s = load_cost_scenario(test::source_path("examples/cost/scanner-growth-stages.yaml"));
  ASSERT_TRUE(s.ok()) << s.error().message();
  auto stages = price_stages(testing::repo_catalog(), *s, {"aws"});
  ASSERT_EQ(stages.platforms.size(), 1u);
  ASSERT_EQ(stages.platforms[0].bills.size(), 3u);
  // The case: ~$392, ~$1,110, ~$5,629 a month.
  const char* stated[] = {"392", "1110", "5629"};
  for (size_t i = 0; i < 3; ++i)
    EXPECT_LT(stages.platforms[0].bills[i].total(), testing::usd(stated[i])) << i;
  EXPECT_EQ(stages.platforms[0].bills[0].total().format(),
            "$196.93");  // $196.53 before ALB processed bytes counted
}

}  // namespace
}  // namespace stackplan::cost
