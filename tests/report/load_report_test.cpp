// What `stackplan load` renders, and that it renders latencies exactly as
// `stackplan simulate` does: the same Locust table cells and the same JSON
// latency object, so a measured run and a simulated one can be compared.
#include "report/load_report.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "core/text_width.h"
#include "report/sim_report.h"

namespace stackplan::report {
namespace {

const Duration kRunTime = Duration::milliseconds(29796);

// Times spread over the table's precision steps (below 100 ms, below 1 s,
// above), so that every kind of cell is compared.
Histogram spread_latencies() {
  Histogram h;
  h.record_n(612'345, 700);        // 0.61 ms
  h.record_n(47'891'000, 600);     // 47.89 ms
  h.record_n(146'250'000, 400);    // 146.3 ms
  h.record_n(3'417'000'000, 230);  // 3.4 s
  h.record_n(11'891'000'000, 10);  // 11.9 s
  return h;
}

sim::SimResult simulated(const Histogram& h) {
  sim::SimResult r;
  r.scenario = "same-latencies";
  r.requests.name = "GET /orders";
  r.requests.requests = h.count();
  r.requests.latency_ns = h;
  r.requests.measured_time = kRunTime;
  return r;
}

load::LoadReport measured(const Histogram& h) {
  load::EndpointStats stats;
  stats.requests = h.count();
  stats.latency = h;
  stats.service_time = h;
  h.for_each_bucket([&](uint64_t ns, uint64_t n) { stats.locust_latency.record_n(ns, n); });
  load::LoadReport report;
  report.endpoints.push_back({"GET", "/orders", stats});
  report.total = stats;
  report.elapsed = kRunTime;
  report.last_response = kRunTime;
  report.target = "127.0.0.1:8080";
  return report;
}

// The Locust tables in the text of `simulate`: from the header to the
// order view.
std::string tables_in(const std::string& sim_text) {
  auto start = sim_text.find("Type ");
  auto end = sim_text.find("Orders (accepted");
  if (start == std::string::npos || end == std::string::npos) return "";
  return sim_text.substr(start, end - start);
}

TEST(LoadReport, SimulateAndLoadPrintTheSameLatencyWithTheSameDigits) {
  const Histogram h = spread_latencies();
  const sim::SimResult sim_result = simulated(h);
  const load::LoadReport load_result = measured(h);
  for (LocustMode mode : {LocustMode::kExact, LocustMode::kLocust}) {
    std::string from_simulate = tables_in(sim_text(Scenario{}, sim_result, {}, {mode}));
    std::string from_load = load_locust_tables(load_result, mode);
    ASSERT_FALSE(from_simulate.empty());
    EXPECT_EQ(from_simulate, from_load);
  }
  // The exact cells carry decimals in both: 2 below 100 ms (the min,
  // 0.612 ms), 1 below 1 s (the mean, 511.63 ms), none above (the max).
  std::string exact = load_locust_tables(load_result, LocustMode::kExact);
  EXPECT_NE(exact.find("| 511.6 0.61 11891"), std::string::npos) << exact;
}

TEST(LoadReport, LatencyJsonIsTheSameObjectInSimulateAndLoad) {
  const Histogram h = spread_latencies();
  nlohmann::json from_simulate = sim_json(simulated(h), {})["latency_ms"];
  nlohmann::json from_load = nlohmann::json::parse(load_json(measured(h), {}))["latency_ms"];
  EXPECT_EQ(from_simulate, from_load);
  std::vector<std::string> keys;
  for (const auto& [key, value] : from_load.items()) keys.push_back(key);
  EXPECT_EQ(keys,
            (std::vector<std::string>{"avg", "max", "min", "p50", "p90", "p95", "p99", "p999"}));
  // Milliseconds to the microsecond: 0.612345 ms is 0.612.
  EXPECT_DOUBLE_EQ(from_load["min"].get<double>(), 0.612);
  EXPECT_EQ(sim_json(simulated(h), {})["orders"]["latency_ms"].size(), keys.size());
}

TEST(LoadReport, FilesAreTheOnesAskedFor) {
  load::LoadCommand command;
  load::LoadOutput output;
  output.report = measured(spread_latencies());
  EXPECT_TRUE(load_files(command, output).empty());
  command.json_path = "out.json";
  command.csv_prefix = "run";
  auto files = load_files(command, output);
  ASSERT_EQ(files.size(), 3u);
  EXPECT_EQ(files[0].path, "out.json");
  EXPECT_EQ(files[0].content, load_json(output.report, output.outcomes));
  EXPECT_EQ(files[1].path, "run_timeline.csv");
  EXPECT_EQ(files[1].content, load_timeline_csv(output.report));
  EXPECT_EQ(files[2].path, "run_stats.csv");
  EXPECT_EQ(files[2].content, load_stats_csv(output.report));
  EXPECT_NE(files[2].content.find("\"Aggregated\""), std::string::npos);
}

TEST(LoadReport, TextIsTablesThenDetailsThenThresholds) {
  load::LoadCommand command;
  load::LoadOutput output;
  output.report = measured(spread_latencies());
  output.outcomes.push_back({"p95<200ms", 3417.0, "3.42s", false});
  std::string text = load_text(command, output);
  auto tables = text.find("Response time percentiles");
  auto details = text.find("Run: closed model,");
  auto thresholds = text.find("Thresholds:\nFAILED p95<200ms (actual 3.42s)");
  ASSERT_NE(tables, std::string::npos) << text;
  ASSERT_NE(details, std::string::npos) << text;
  ASSERT_NE(thresholds, std::string::npos) << text;
  EXPECT_LT(tables, details);
  EXPECT_LT(details, thresholds);
}

// An open-model run against a long URL, with every figure wide: the text
// below the tables fits 100 columns too.
TEST(LoadReport, TextFitsAHundredColumns) {
  load::LoadCommand command;
  load::LoadOutput output;
  output.report = measured(spread_latencies());
  output.report.open_model = true;
  output.report.target = "http://127.0.0.1:8080/api/v2/orders/async?tenant=flash-sale-eu-west";
  output.report.target_rate = 12345.67;
  output.report.sends = {1234567, 1234560, 12345, 123, 4, 1, 1, 1, Duration::milliseconds(1234)};
  output.report.interrupted = true;
  const std::string text = load_text(command, output);
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);)
    EXPECT_LE(display_width(line), kTextColumns) << line;
  EXPECT_NE(text.find("worst send lag 1234.00 ms"), std::string::npos) << text;
  EXPECT_NE(text.find("(interrupted)"), std::string::npos) << text;
  // The tables' digits: 2 decimals below 100 ms, none above 1 s.
  EXPECT_NE(text.find("p50 47.97  "), std::string::npos) << text;
  EXPECT_NE(text.find("max 11891\n"), std::string::npos) << text;
}

}  // namespace
}  // namespace stackplan::report
