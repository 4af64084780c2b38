// The HTML and Markdown reports: which saved output is which, what the
// charts' data holds (the browser test, tests/report/html_browser_test.sh,
// checks that a real browser draws it), that the file needs no network, and
// the errors for files a report cannot show.
#include "report/html_report.h"

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "report/cost_command.h"
#include "report/html_assets.h"
#include "report/html_sections.h"
#include "report/simulate_command.h"
#include "support/files.h"
#include "support/must.h"

namespace stackplan::report {
namespace {

using nlohmann::json;
using test::must;

constexpr const char* kTinyAsync = R"(name: tiny-async
traffic: { users: 4, spawn_rate: 4/s, wait: 100ms, duration: 6s }
architecture:
  kind: async
  workers: { processes: 1, concurrency: 1 }
  dependency: { name: payment, slots: 1, service_time: 300ms }
)";

// The page's chart descriptions: the JSON blob the inline script draws from.
json charts_of(const std::string& html) {
  const std::string open = "<script id=\"report-data\" type=\"application/json\">";
  const size_t from = html.find(open);
  if (from == std::string::npos) return json();
  const size_t to = html.find("</script>", from);
  return json::parse(html.substr(from + open.size(), to - from - open.size()))["charts"];
}

// The chart of kind `id` in the report's `section` (from 1): canvas ids are
// unique in a page that joins several outputs.
const json* chart(const json& charts, const std::string& id, int section = 1) {
  for (const json& c : charts)
    if (c["id"] == id + "-" + std::to_string(section)) return &c;
  return nullptr;
}

std::vector<std::string> series_names(const json& c) {
  std::vector<std::string> names;
  for (const json& s : c["series"]) names.push_back(s["name"]);
  return names;
}

SimulateOutput simulate_tiny(const test::TempDir& dir) {
  SimulateRequest r;
  r.scenario_path = dir.write("tiny.yaml", kTinyAsync);
  r.want_json = true;
  r.want_html = true;
  r.want_timeseries = true;
  return must(run_simulate_command(r));
}

TEST(HtmlReport, SimulateDrawsQueueThroughputAndLatencyFromTheRun) {
  test::TempDir dir;
  SimulateOutput out = simulate_tiny(dir);
  json charts = charts_of(out.html);
  ASSERT_TRUE(charts.is_array()) << "no chart data in the page";
  const json* queue = chart(charts, "sim-queue");
  ASSERT_NE(queue, nullptr);
  EXPECT_EQ(series_names(*queue),
            (std::vector<std::string>{"visible", "in flight", "completions"}));
  // One point per simulated second, as the --timeseries CSV has rows.
  const size_t csv_rows =
      static_cast<size_t>(std::count(out.timeseries.begin(), out.timeseries.end(), '\n') - 1);
  ASSERT_GT(csv_rows, 5u);
  EXPECT_EQ((*queue)["series"][0]["data"].size(), csv_rows);
  // Paid orders per second are the CSV's completions column, second by second.
  json sim = json::parse(out.json);
  double paid = 0, csv_paid = 0;
  for (const json& p : (*queue)["series"][2]["data"]) paid += p["y"].get<double>();
  for (const json& row : sim["timeline"]) csv_paid += row["completions"].get<double>();
  EXPECT_EQ(paid, csv_paid);
  EXPECT_GT(paid, 0);
  EXPECT_LE(paid, sim["orders"]["completed"].get<double>());
  ASSERT_NE(chart(charts, "sim-throughput"), nullptr);
  const json* latency = chart(charts, "sim-latency");
  ASSERT_NE(latency, nullptr);
  // A logarithmic axis has no zero: a zero latency is left out, not drawn at 0.
  const json& answer_p50 = sim["latency_ms"]["p50"];
  EXPECT_EQ((*latency)["series"][0]["data"][0], answer_p50 == 0 ? json(nullptr) : answer_p50);
  EXPECT_EQ((*latency)["series"][1]["data"][0], sim["orders"]["latency_ms"]["p50"]);
}

TEST(HtmlReport, EveryAxisTitleStatesItsUnit) {
  test::TempDir dir;
  for (const json& c : charts_of(simulate_tiny(dir).html)) {
    for (const char* axis : {"x", "y", "y_right"}) {
      if (!c.contains(axis)) continue;
      const std::string title = c[axis]["title"];
      if (title == "percentile") continue;  // categories, no unit
      EXPECT_NE(title.find('('), std::string::npos) << c["id"] << " " << axis << ": " << title;
    }
  }
}

TEST(HtmlReport, SelfContainedWithTheLibraryAndItsLicense) {
  test::TempDir dir;
  const std::string html = simulate_tiny(dir).html;
  EXPECT_NE(html.find(std::string(chart_library_js().substr(0, 200))), std::string::npos);
  EXPECT_NE(chart_library_license().find("MIT License"), std::string::npos);
  EXPECT_NE(html.find("Permission is hereby granted"), std::string::npos);
  EXPECT_EQ(html.find("<script src"), std::string::npos) << "nothing loaded from elsewhere";
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_NE(html.find("Scenario tiny-async"), std::string::npos) << "explain's account";
}

TEST(HtmlReport, SavedJsonGivesTheSameChartsAsTheRun) {
  test::TempDir dir;
  SimulateOutput out = simulate_tiny(dir);
  auto input = must(read_report_input(dir.write("sim.json", out.json)));
  EXPECT_EQ(output_kind(input.doc), "simulate");
  json from_file = charts_of(must(render_report({input}, ReportFormat::kHtml)));
  EXPECT_EQ(from_file, charts_of(out.html));
}

TEST(HtmlReport, CostStacksEachPlatformsLineItemsToItsTotal) {
  cost::CostRequest r;
  r.scenario_path = test::source_path("examples/cost/platform-comparison.yaml");
  r.catalog_dir = test::source_path("catalog");
  r.format = "json";
  json cost = json::parse(must(cost::run_cost_command(r)).report);
  EXPECT_EQ(output_kind(cost), "cost");
  json charts = charts_of(must(render_report({{"cost.json", cost, ""}}, ReportFormat::kHtml)));
  const json* bills = chart(charts, "cost-bills");
  ASSERT_NE(bills, nullptr);
  EXPECT_TRUE((*bills)["stacked"].get<bool>());
  ASSERT_EQ((*bills)["labels"].size(), cost["bills"].size());
  for (size_t b = 0; b < cost["bills"].size(); ++b) {
    double stacked = 0;
    for (const json& s : (*bills)["series"])
      if (!s["data"][b].is_null()) stacked += s["data"][b].get<double>();
    EXPECT_NEAR(stacked, std::stod(cost["bills"][b]["total_usd"].get<std::string>()), 0.005)
        << cost["bills"][b]["platform"];
  }
}

TEST(HtmlReport, CostMarksItsBreakEvenPoints) {
  cost::CostRequest r;
  r.scenario_path = test::source_path("examples/cost/flash-sale-lambda.yaml");
  r.catalog_dir = test::source_path("catalog");
  r.format = "json";
  json cost = json::parse(must(cost::run_cost_command(r)).report);
  json charts = charts_of(must(render_report({{"cost.json", cost, ""}}, ReportFormat::kHtml)));
  const json* be = chart(charts, "cost-break-even");
  ASSERT_NE(be, nullptr);
  // Lambda is in both comparisons: one line for it.
  std::set<std::string> names;
  for (const json& series : (*be)["series"])
    EXPECT_TRUE(names.insert(series["name"]).second) << "twice: " << series["name"];
  for (const json& b : cost["break_even"]) {
    ASSERT_GT(b["curve"].size(), 2u) << "both options priced along the volumes";
    std::map<std::string, const json*> by_name;
    for (const json& s : (*be)["series"]) by_name[s["name"]] = &s;
    const json* mark = by_name["break-even: " + b["name"].get<std::string>()];
    ASSERT_NE(mark, nullptr) << b["name"];
    EXPECT_EQ((*mark)["data"][0]["x"], b["orders_per_month"]);
    // The option cheaper below is cheaper at the curve's start and not at its end.
    const json& curve = b["curve"];
    auto usd = [](const json& v) { return std::stod(v.get<std::string>()); };
    EXPECT_LT(usd(curve.front()["cost_below_usd"]), usd(curve.front()["cost_above_usd"]));
    EXPECT_GE(usd(curve.back()["cost_below_usd"]), usd(curve.back()["cost_above_usd"]));
    EXPECT_EQ(curve.back()["orders_per_month"].get<int64_t>(),
              2 * b["orders_per_month"].get<int64_t>());
  }
}

json plan_with_one_failing() {
  json option = {{"title", "sync, 2 processes on aws"},
                 {"reference_monthly_usd", "141.20"},
                 {"misses", json::array({{{"text", "accept_p95 over 500ms"}}})}};
  json best = {{"title", "sync, 3 processes on aws"},
               {"reference_monthly_usd", "177.24"},
               {"misses", json::array()}};
  return {{"scenario", "shop"},
          {"plan", json::object()},
          {"search", json::object()},
          {"platforms", json::array({{{"platform", "aws"},
                                      {"best", best},
                                      {"cheaper_failing", json::array({option})},
                                      {"none_because", ""}}})},
          {"volume_flips", json::array()},
          {"peak_flips", json::array()},
          {"sensitivity", json::array()}};
}

TEST(HtmlReport, PlanShowsTheRecommendationBesideTheCheaperFailures) {
  json charts = charts_of(
      must(render_report({{"plan.json", plan_with_one_failing(), ""}}, ReportFormat::kHtml)));
  const json* options = chart(charts, "plan-options");
  ASSERT_NE(options, nullptr);
  EXPECT_EQ((*options)["labels"],
            json::array({"sync, 3 processes on aws", "sync, 2 processes on aws"}));
  EXPECT_EQ((*options)["series"][0]["data"], json::array({177.24, nullptr}));
  EXPECT_EQ((*options)["series"][1]["data"], json::array({nullptr, 141.20}));
}

TEST(HtmlReport, PlanSaysTheLeastRegretChoiceAndAnIncompleteSearch) {
  json plan = plan_with_one_failing();
  plan["least_regret"] = {{"option", {{"title", "sync, 3 processes on aws"}}},
                          {"reason", "never more than $24.00/month above the cheapest"}};
  plan["search"] = {{"complete", false}, {"stopped_because", "--max-simulations 10"}};
  Document doc = must(build_report({{"plan.json", plan, ""}}));
  std::string words;
  for (const auto& p : doc.sections[0].paragraphs) words += p + "\n";
  EXPECT_NE(words.find("Least regret across the cases: sync, 3 processes on aws, never more"),
            std::string::npos)
      << words;
  EXPECT_NE(words.find("stopped early (--max-simulations 10)"), std::string::npos) << words;
}

TEST(HtmlReport, LoadDrawsItsSecondsAndEndpoints) {
  json latency = {{"avg", 2.0}, {"min", 1.0}, {"max", 9.0}, {"p50", 2.0},
                  {"p90", 4.0}, {"p95", 5.0}, {"p99", 8.0}, {"p999", 9.0}};
  json endpoint = {{"name", "/orders"}, {"method", "POST"}, {"requests", 300},
                   {"failures", 3},     {"rps", 100.0},     {"latency_ms", latency}};
  json load = {{"tool", "stackplan load"},
               {"target", "127.0.0.1:8080"},
               {"model", "closed"},
               {"threads", 1},
               {"duration_s", 3.0},
               {"requests", 300},
               {"failures", 3},
               {"rps", 100.0},
               {"latency_ms", latency},
               {"endpoints", json::array({endpoint})},
               {"timeline", json::array()}};
  for (int s = 0; s < 3; ++s)
    load["timeline"].push_back({{"second", s},
                                {"active", 2},
                                {"requests", 100},
                                {"failures", s == 1 ? 3 : 0},
                                {"latency_p50_ms", 2.0},
                                {"latency_p90_ms", 4.0},
                                {"latency_p99_ms", 8.0},
                                {"latency_max_ms", 9.0}});
  EXPECT_EQ(output_kind(load), "load");
  json charts = charts_of(must(render_report({{"load.json", load, ""}}, ReportFormat::kHtml)));
  const json* over_time = chart(charts, "load-throughput-time");
  ASSERT_NE(over_time, nullptr);
  EXPECT_EQ(series_names(*over_time), (std::vector<std::string>{"requests", "failures", "active"}));
  EXPECT_EQ((*over_time)["series"][1]["data"][1]["y"], 3.0);
  const json* by_endpoint = chart(charts, "load-throughput");
  ASSERT_NE(by_endpoint, nullptr);
  EXPECT_EQ((*by_endpoint)["labels"], json::array({"POST /orders", "Aggregated"}));
  EXPECT_EQ((*by_endpoint)["series"][0]["data"][0], 100.0);  // 300 requests in 3 s
  EXPECT_EQ((*by_endpoint)["series"][1]["data"][0], 1.0);
}

TEST(HtmlReport, LoadsLastPartSecondIsARateNotACount) {
  json load = {{"tool", "stackplan load"},
               {"target", "127.0.0.1:8080"},
               {"model", "closed"},
               {"threads", 1},
               {"duration_s", 2.25},
               {"requests", 225},
               {"failures", 0},
               {"rps", 100.0},
               {"endpoints", json::array()},
               {"timeline", json::array()}};
  for (int s = 0; s < 3; ++s)  // the third row covers the run's last quarter second
    load["timeline"].push_back(
        {{"second", s}, {"active", 2}, {"requests", s < 2 ? 100 : 25}, {"failures", 0}});
  json charts = charts_of(must(render_report({{"load.json", load, ""}}, ReportFormat::kHtml)));
  const json* over_time = chart(charts, "load-throughput-time");
  ASSERT_NE(over_time, nullptr);
  EXPECT_EQ((*over_time)["series"][0]["data"][1]["y"], 100.0);
  EXPECT_EQ((*over_time)["series"][0]["data"][2]["y"], 100.0) << "25 requests in 0.25 s";
}

TEST(HtmlReport, ReportJoinsSeveralOutputsInOrder) {
  test::TempDir dir;
  json sim = json::parse(simulate_tiny(dir).json);
  Document doc = must(build_report({{"a", sim, ""}, {"b", plan_with_one_failing(), ""}}));
  ASSERT_EQ(doc.sections.size(), 2u);
  EXPECT_EQ(doc.sections[0].title, "Simulation: tiny-async");
  EXPECT_EQ(doc.sections[1].title, "Plan: shop");
}

TEST(HtmlReport, TwoOutputsOfOneKindGetDistinctCharts) {
  test::TempDir dir;
  json sim = json::parse(simulate_tiny(dir).json);
  json charts =
      charts_of(must(render_report({{"a", sim, ""}, {"b", sim, ""}}, ReportFormat::kHtml)));
  std::set<std::string> ids;
  for (const json& c : charts) EXPECT_TRUE(ids.insert(c["id"]).second) << "twice: " << c["id"];
  EXPECT_NE(chart(charts, "sim-queue", 2), nullptr);
}

TEST(HtmlReport, UnknownOutputIsAnErrorNamingTheFile) {
  test::TempDir dir;
  const std::string path = dir.write("metrics.json", R"({"samples": [], "interval": 1})");
  auto input = must(read_report_input(path));
  auto html = render_report({input}, ReportFormat::kHtml);
  ASSERT_FALSE(html.ok());
  EXPECT_NE(html.error().message().find(path), std::string::npos) << html.error().message();
  EXPECT_NE(html.error().message().find("top-level keys: interval, samples"), std::string::npos);
  const std::string not_json = dir.write("notes.txt", "Type Name # reqs");
  auto bad = read_report_input(not_json);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message().find(not_json + ": not JSON"), std::string::npos);
}

TEST(HtmlReport, WrongFieldTypeIsAnErrorNotACrash) {
  json sim = {{"scenario", 42}, {"requests", 1}, {"orders", {}}, {"queue", {}}};
  auto html = render_report({{"odd.json", sim, ""}}, ReportFormat::kHtml);
  ASSERT_FALSE(html.ok());
  EXPECT_NE(html.error().message().find("odd.json: a simulate output"), std::string::npos)
      << html.error().message();
}

TEST(HtmlReport, NamesCannotCloseTheScriptOrInjectMarkup) {
  json plan = plan_with_one_failing();
  plan["scenario"] = "</script><b>shop</b>";
  // An option's title goes into the charts' data, inside the <script>:
  // `<!--<script>` there would keep the element open to the end of the file.
  const std::string hostile = "<!--<script></script><b>x</b> & more";
  plan["platforms"][0]["best"]["title"] = hostile;
  const std::string html = must(render_report({{"plan.json", plan, ""}}, ReportFormat::kHtml));
  EXPECT_EQ(html.find("</script><b>"), std::string::npos);
  EXPECT_EQ(html.find("<!--<script>"), std::string::npos);
  EXPECT_NE(html.find("&lt;/script&gt;&lt;b&gt;shop"), std::string::npos);
  const json charts = charts_of(html);
  ASSERT_TRUE(charts.is_array()) << "the data blob still parses";
  EXPECT_NE(charts.dump().find(hostile), std::string::npos) << "and keeps the title as it was";
}

// What `calibrate --json` writes (docs/OUTPUT.md), with one figure outside
// a 10% tolerance.
json calibration() {
  return {{"tool", "stackplan calibrate"},
          {"schema", 1},
          {"scenario", "shop"},
          {"source", "http://127.0.0.1:8080"},
          {"drained", true},
          {"replications", 5},
          {"fitted",
           {{{"path", "architecture.dependency.slots"},
             {"value", "5"},
             {"source", "ceiling of 16.5 answers/s"}}}},
          {"not_fitted", {"the accept latency: no answers"}},
          {"figures",
           {{{"name", "requests"},
             {"unit", ""},
             {"measured", 163},
             {"predicted", 164},
             {"slack", 1},
             {"relative_error", 1.0 / 163},
             {"within", true}},
            {{"name", "p99 latency"},
             {"unit", "ms"},
             {"measured", 100.0},
             {"predicted", 125.0},
             {"slack", 2.0},
             {"relative_error", 0.25},
             {"within", false}},
            {{"name", "time to drain"},
             {"unit", "s"},
             {"measured", 807.1},
             {"predicted", 800.0},
             {"slack", 0},
             {"relative_error", -7.1 / 807.1},
             {"within", true}},
            {{"name", "failures"},
             {"unit", ""},
             {"measured", 0},
             {"predicted", 0},
             {"slack", 1},
             {"relative_error", nullptr},
             {"within", true}}}},
          {"tolerance", 0.1},
          {"within", false},
          {"metrics", {{"scrapes", 20}, {"failed_scrapes", 0}}}};
}

TEST(HtmlReport, CalibrateDrawsMeasuredAgainstPredicted) {
  EXPECT_EQ(output_kind(calibration()), "calibrate");
  const std::string html = must(render_report({{"", calibration(), ""}}, ReportFormat::kHtml));
  const json charts = charts_of(html);
  const json* latency = chart(charts, "calibrate-latency");
  ASSERT_NE(latency, nullptr);
  EXPECT_EQ((*latency)["labels"], json::array({"p99"}));
  EXPECT_EQ(series_names(*latency), (std::vector<std::string>{"measured", "predicted"}));
  EXPECT_EQ((*latency)["series"][0]["data"], json::array({100.0}));
  EXPECT_EQ((*latency)["series"][1]["data"], json::array({125.0}));
  const json* error = chart(charts, "calibrate-error");
  ASSERT_NE(error, nullptr);
  // Every figure with an error; failures (measured 0) has none.
  EXPECT_EQ((*error)["labels"], json::array({"requests", "p99 latency", "time to drain"}));
  EXPECT_DOUBLE_EQ((*error)["series"][0]["data"][1].get<double>(), 25.0);
  // The axis shows at least the tolerance either side.
  EXPECT_EQ((*error)["y"]["suggested_min"], -10.0);
  EXPECT_EQ((*error)["y"]["suggested_max"], 10.0);
  EXPECT_NE(html.find("a figure is outside it"), std::string::npos);
  EXPECT_NE(html.find("<td>NO</td>"), std::string::npos) << "the figure outside is marked";
  EXPECT_NE(html.find("13m 27s"), std::string::npos) << "the drain as text writes it";
  EXPECT_NE(html.find("architecture.dependency.slots"), std::string::npos);
  EXPECT_NE(html.find("Not fitted: the accept latency: no answers"), std::string::npos);
}

TEST(HtmlReport, LongTimesReadAsDurations) {
  EXPECT_EQ(html::ms(json(12.345)), "12.35 ms");
  EXPECT_EQ(html::ms(json(404032.0)), "6m 44s");  // an order's wait, not milliseconds
  EXPECT_EQ(html::seconds(json(807.1)), "13m 27s");
  EXPECT_EQ(html::seconds(json(59.89)), "59.89s");
  // Not a duration a report can show as one: the number, never a bad cast.
  EXPECT_EQ(html::seconds(json(1e300)), html::fixed(json(1e300), 1) + " s");
}

TEST(HtmlReport, HeadingListsTheSectionsWithoutRepeatingOne) {
  test::TempDir dir;
  json sim = json::parse(simulate_tiny(dir).json);
  const std::string one = must(render_report({{"a", sim, ""}}, ReportFormat::kHtml));
  EXPECT_NE(one.find("<title>stackplan report: Simulation: tiny-async</title>"), std::string::npos);
  EXPECT_NE(one.find("<h1>stackplan report</h1>"), std::string::npos);
  EXPECT_EQ(one.find("class=\"contents\""), std::string::npos) << "one section: no contents";
  const std::string two =
      must(render_report({{"a", sim, ""}, {"b", calibration(), ""}}, ReportFormat::kHtml));
  EXPECT_NE(two.find("<a href=\"#section-2\">Calibration: shop</a>"), std::string::npos);
  EXPECT_NE(two.find("<section id=\"section-2\">"), std::string::npos);
}

TEST(HtmlReport, AStoppedRunSaysItIsIncomplete) {
  test::TempDir dir;
  json sim = json::parse(simulate_tiny(dir).json);
  EXPECT_EQ(must(render_report({{"a", sim, ""}}, ReportFormat::kHtml)).find("Incomplete"),
            std::string::npos);
  sim["complete"] = false;
  sim["incomplete"] = "stopped at simulated 3.00s of 6.00s (Ctrl-C)";
  const std::string html = must(render_report({{"a", sim, ""}}, ReportFormat::kHtml));
  EXPECT_NE(html.find("Incomplete: stopped at simulated 3.00s of 6.00s (Ctrl-C)"),
            std::string::npos);
}

TEST(HtmlReport, MarkdownHasTheSameTables) {
  test::TempDir dir;
  json sim = json::parse(simulate_tiny(dir).json);
  const std::string md = must(render_report({{"a", sim, ""}}, ReportFormat::kMarkdown));
  EXPECT_NE(md.find("## Simulation: tiny-async"), std::string::npos) << md;
  EXPECT_NE(md.find("| Name | # reqs | # fails |"), std::string::npos) << md;
  EXPECT_NE(md.find("| Aggregated | " + std::to_string(sim["requests"].get<int>()) + " |"),
            std::string::npos)
      << md;
  EXPECT_EQ(md.find("<canvas"), std::string::npos);
}

}  // namespace
}  // namespace stackplan::report
