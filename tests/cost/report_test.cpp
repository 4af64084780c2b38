// The four output formats and their documented names.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "core/text_width.h"
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

size_t widest_line(const std::string& text) {
  size_t widest = 0;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) widest = std::max(widest, display_width(line));
  return widest;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Ten stages of $1,234,567.89 beside a component and an item: 180 columns
// in one line.
Table wide_stage_table() {
  Table t;
  t.title = "api: monthly cost by stage";
  t.header = {"component", "item"};
  t.right_aligned = {false, false};
  t.key_columns = 2;
  std::vector<std::string> row = {"database", "Aurora storage"};
  for (int stage = 1; stage <= 10; ++stage) {
    t.header.push_back("stage " + std::to_string(stage));
    t.right_aligned.push_back(true);
    row.push_back("$1,234,567.89");
  }
  t.rows = {row, {"total", "", "$1", "$2", "$3", "$4", "$5", "$6", "$7", "$8", "$9", "$10"}};
  return t;
}

TEST(CostReport, AWideTextTableIsSplitIntoBandsThatRepeatItsKeyColumns) {
  const std::string text = render_table(wide_stage_table(), Format::kText);
  EXPECT_LE(widest_line(text), kTextColumns) << text;
  size_t bands = 0, rows_named = 0;
  for (const auto& line : lines_of(text)) {
    if (line.rfind("component  item", 0) == 0) ++bands;
    if (line.rfind("database   Aurora storage", 0) == 0) ++rows_named;
  }
  EXPECT_GE(bands, 2u) << text;
  EXPECT_EQ(rows_named, bands) << text;
  for (int stage = 1; stage <= 10; ++stage)  // every column is somewhere
    EXPECT_NE(text.find("stage " + std::to_string(stage)), std::string::npos) << stage;
  EXPECT_NE(text.find("$10"), std::string::npos);
  // Markdown keeps one line per row, however wide.
  const auto markdown = lines_of(render_table(wide_stage_table(), Format::kMarkdown));
  EXPECT_EQ(markdown.size(), 6u);  // title, blank, header, rule, 2 rows
  EXPECT_GT(widest_line(render_table(wide_stage_table(), Format::kMarkdown)), kTextColumns);
}

TEST(CostReport, ATooLongCellWrapsInItsColumnAndCutsNoWord) {
  Table t;
  t.title = "Platforms that could not be priced";
  t.header = {"platform", "why"};
  std::string why;
  for (int i = 0; i < 40; ++i) why += "word" + std::to_string(i) + " ";
  // One word wider than any line: a path is never cut, it overflows instead.
  const std::string path = "/opt/stackplan-prefix/" + std::string(90, 'u') + "/heroku.yaml";
  why += path;
  t.rows = {{"heroku", why}};
  t.notes = {why};
  const std::string text = render_table(t, Format::kText);
  for (const auto& line : lines_of(text))
    if (line.find(path) == std::string::npos) {
      EXPECT_LE(display_width(line), kTextColumns) << line;
    }
  EXPECT_NE(text.find("          " + path + "\n"), std::string::npos) << text;  // in the column
  EXPECT_NE(text.find("        " + path + "\n"), std::string::npos) << text;    // in the note
  std::istringstream words(text);
  std::vector<std::string> seen;
  for (std::string word; words >> word;)
    if (word.rfind("word", 0) == 0) seen.push_back(word);
  ASSERT_EQ(seen.size(), 80u) << text;  // in the table and in the note, each once
  for (int i = 0; i < 40; ++i) EXPECT_EQ(seen[static_cast<size_t>(i)], "word" + std::to_string(i));
  EXPECT_NE(text.find("heroku    word0 word1"), std::string::npos) << text;
}

TEST(CostReport, TheBillsArithmeticGoesUnderItsLineWhenTheTableIsTooWide) {
  const std::string text = render(flash_sale_report(), Format::kText);
  EXPECT_LE(widest_line(text), kTextColumns) << text;
  // The column is gone from the header, its cell indented under the row.
  EXPECT_EQ(text.find("quantity x unit price"), std::string::npos) << text;
  EXPECT_NE(text.find("\n    1,500,000 - 400,000 free = 1,100,000 GB-second x"), std::string::npos)
      << text;
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
