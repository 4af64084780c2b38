// The four output formats and their documented names.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "report/cost_report.h"
#include "test_support.h"

namespace stackplan::cost {
namespace {

CostReport flash_sale_report() {
  CostReport r;
  r.scenario = "lambda";
  r.bills.push_back(testing::bill(R"(deploy:
  region: us-west-2
  function: {memory: 512MB, duration: 3s}
usage: {orders_per_month: 1000000}
)"));
  r.payback.push_back(payback({"bootstrap", testing::usd("30000"), testing::usd("30")}));
  return r;
}

TEST(CostReport, EveryLineShowsItsArithmetic) {
  const std::string text = render(flash_sale_report(), Format::kText);
  EXPECT_NE(text.find("1,500,000 - 400,000 free = 1,100,000 GB-second x $0.0000166667/GB-second "
                      "= $18.33"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("aws:lambda.x86.duration"), std::string::npos);
  EXPECT_NE(text.find("1,000.0"), std::string::npos);  // payback months
}

TEST(CostReport, JsonUsesTheDocumentedNamesAndExactMoney) {
  auto doc = nlohmann::json::parse(render(flash_sale_report(), Format::kJson));
  const auto& bill = doc["bills"][0];
  EXPECT_EQ(bill["platform"], "aws");
  EXPECT_EQ(bill["region"], "us-west-2");
  EXPECT_EQ(bill["total_usd"], "18.33337");
  const auto& line = bill["lines"][1];
  for (const char* key : {"component", "item", "used", "free", "billed", "unit", "unit_price_usd",
                          "per", "amount_usd", "catalog", "source", "note", "unverified"})
    EXPECT_TRUE(line.contains(key)) << key;
  EXPECT_EQ(line["unit_price_usd"], "0.0000166667");
  EXPECT_EQ(doc["payback"][0]["months"], 1000.0);
}

TEST(CostReport, MarkdownAndCsvAreTables) {
  const std::string md = render(flash_sale_report(), Format::kMarkdown);
  EXPECT_NE(md.find("| component | item |"), std::string::npos) << md;
  EXPECT_NE(md.find("|---|---|"), std::string::npos);
  const std::string csv = render(flash_sale_report(), Format::kCsv);
  EXPECT_NE(csv.find("table,platform,region,component,item,used,free,billed,unit,unit_price_usd,"
                     "per,amount_usd,catalog,note"),
            std::string::npos)
      << csv;
  EXPECT_NE(csv.find("bill,aws,us-west-2,function,Lambda duration (x86),1500000,400000,1100000,"
                     "GB-second,0.0000166667,1,18.33337"),
            std::string::npos)
      << csv;
  EXPECT_FALSE(parse_format("pdf").has_value());
}

}  // namespace
}  // namespace stackplan::cost
