// The renderers of `stackplan plan` on hand-built results: each section
// with its figures, text within 100 columns, JSON with the keys
// docs/OUTPUT.md lists, Markdown tables that a renderer accepts.
#include "report/plan_report.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "core/units.h"

namespace stackplan::report {
namespace {

using plan::CaseOutcome;
using plan::Option;
using plan::PlanResult;

Money dollars(int64_t cents) { return Money::from_micros(cents * 10'000); }

sim::TargetCheck target(const std::string& name, const std::string& limit, double limit_value,
                        const std::string& actual, double value) {
  sim::TargetCheck t;
  t.name = name;
  t.limit = limit;
  t.actual = actual;
  t.limit_value = limit_value;
  t.value = value;
  t.met = value <= limit_value;
  return t;
}

constexpr double kNanosPerSecond = 1e9;

CaseOutcome outcome(const std::string& name, Duration accept_p95, Duration drain) {
  CaseOutcome o;
  o.case_name = name;
  o.runs = 1;
  o.figures.accepted = 43'200;
  o.figures.completed = 43'200;
  o.figures.abandoned = 3;
  o.figures.accept_p95 = accept_p95;
  o.figures.accept_p99 = accept_p95 + Duration::milliseconds(40);
  o.figures.order_p95 = Duration::seconds(9);
  o.figures.drain_time = drain;
  o.figures.peak_backlog = 2'718;
  o.targets = {target("accept_p95", "200ms", 0.2 * kNanosPerSecond, format_duration(accept_p95),
                      accept_p95.seconds_f() * kNanosPerSecond),
               target("drain_after_peak", "60s", 60 * kNanosPerSecond, format_duration(drain),
                      drain.seconds_f() * kNanosPerSecond)};
  // A target with no figure of its own: its row shows the check's `actual`.
  o.targets.push_back(target("max_lost", "1%", 0.01, "0.0069%", 0.000069));
  o.meets_targets = o.targets[0].met && o.targets[1].met;
  return o;
}

cost::Bill bill(const std::string& platform, int64_t worker_cents, const std::string& item) {
  cost::Bill b;
  b.platform = platform;
  b.region = "us-east-1";
  cost::BillLine worker;
  worker.component = "worker";
  worker.item = item;
  worker.amount = dollars(worker_cents);
  cost::BillLine queue;
  queue.component = "queue";
  queue.item = "SQS requests";
  queue.amount = dollars(115);
  b.lines = {worker, queue};
  return b;
}

plan::Candidate async_candidate(int64_t processes) {
  plan::Candidate c;
  c.kind = Architecture::Kind::kAsync;
  c.processes = processes;
  c.concurrency = 10;
  return c;
}

Option option(const std::string& platform, int64_t processes, Duration high_drain,
              int64_t high_worker_cents, const std::string& item = "Fargate vCPU-hours") {
  Option o;
  o.candidate = async_candidate(processes);
  o.platform = platform;
  o.cases = {outcome("low", Duration::milliseconds(110), Duration::seconds(4)),
             outcome("high", Duration::milliseconds(150), high_drain)};
  o.bills = {bill(platform, 1'050, item), bill(platform, high_worker_cents, item)};
  o.meets_targets = o.cases[0].meets_targets && o.cases[1].meets_targets;
  o.reference_monthly = o.bills[1].total();
  if (!o.cases[1].targets[1].met)
    o.misses.push_back({"high", "drain_after_peak", "60s", format_duration(high_drain),
                        o.cases[1].targets[1].relative_excess()});
  return o;
}

plan::PlanSpec spec() {
  plan::PlanSpec s;
  s.kinds = {Architecture::Kind::kAsync};
  s.processes = plan::IntChoices::range(1, 40);
  s.concurrency = plan::IntChoices::list({5, 10});
  s.tasks = {{0.5, 1}};
  s.platforms = {"aws", "railway"};
  s.budget = Money::from_dollars(50);
  s.cases = {{"low", {}, std::nullopt}, {"high", {}, std::nullopt}};
  s.variants = {{"python", {}, std::nullopt}, {"go", {}, Money::from_dollars(30'000)}};
  s.reference_case = 1;
  return s;
}

// A search that found an answer on aws, none on railway, with every analysis.
PlanResult answered() {
  PlanResult r;
  r.scenario = "flash-sale";
  r.file = "flash-sale-plan.yaml";
  r.spec = spec();
  auto& s = r.search;
  plan::PlatformAnswer aws;
  aws.platform = "aws";
  aws.best = option("aws", 7, Duration::seconds(41), 2'233);
  aws.cheaper_failing = {option("aws", 6, Duration::seconds(93), 1'980)};
  plan::PlatformAnswer railway;
  railway.platform = "railway";
  railway.none_because = "drain_after_peak cannot be met within the budget on railway";
  railway.cheaper_failing = {option("railway", 40, Duration::seconds(75), 9'000, "Railway vCPU")};
  s.platforms = {aws, railway};
  plan::LeastRegret lr;
  lr.option = *aws.best;
  lr.max_regret = dollars(320);
  lr.worst_case = "low";
  lr.regret = {dollars(320), Money()};
  lr.reason =
      "the only option meeting every target in every case; $3.20/month over the best in low";
  s.least_regret = lr;
  s.feasible = {*aws.best};
  s.stats.candidates = 2'400;
  s.stats.cases = 2;
  s.stats.candidates_examined = 118;
  s.stats.evaluator = {236, 250, 14, 40, 7};
  s.stats.brute_force_evaluations = 4'800;
  plan::FlipPoint volume;
  volume.input = "orders_per_month";
  volume.at = 1'070'000;
  volume.below = {"serverless", "serverless, 1 GiB on aws", dollars(2'000)};
  volume.above = {"async", "async, 1 process x 10 concurrency on aws", dollars(2'000)};
  r.volume_flips = {volume};
  plan::FlipPoint peak;
  peak.input = "peak";
  peak.at = 48.5;
  peak.below = {"a", "async, 6 processes x 10 concurrency on aws", dollars(1'980)};
  peak.above = {"b", "async, 7 processes x 10 concurrency on aws", dollars(2'233)};
  r.peak_flips = {peak};
  plan::SensitivityRow row;
  row.input = "peak";
  row.low_label = "30/s";
  row.high_label = "60/s";
  row.monthly_low = dollars(1'100);
  row.monthly_high = dollars(2'348);
  row.swing = dollars(1'248);
  row.outcome_low = outcome("low", Duration::milliseconds(100), Duration::seconds(4));
  row.outcome_high = outcome("high", Duration::milliseconds(150), Duration::seconds(93));
  r.sensitivity = {row};
  r.payback = {{"go", "high", dollars(1'200), 2'500.0}};
  r.notes = {"peak flip points: the scenario's traffic is closed"};
  return r;
}

// The text with each line break and the indentation after it read as one
// space, so a phrase wrapped across lines is still found.
std::string unwrapped(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\n') {
      out += text[i];
      continue;
    }
    while (i + 1 < text.size() && text[i + 1] == ' ') ++i;
    out += ' ';
  }
  return out;
}

bool contains(const std::string& text, const std::string& part) {
  return unwrapped(text).find(part) != std::string::npos;
}

// The first line whose text, after its indentation, starts with `start`.
std::string line_starting(const std::string& text, const std::string& start) {
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line))
    if (line.find_first_not_of(' ') != std::string::npos &&
        line.compare(line.find_first_not_of(' '), start.size(), start) == 0)
      return line;
  return "";
}

TEST(PlanText, ShowsEverySectionWithItsFigures) {
  const PlanResult r = answered();
  const std::string text = plan_text(r);
  // The best option per platform, its bill per case and its figures.
  EXPECT_TRUE(contains(
      text, "Cheapest meeting every target in every case: " + async_candidate(7).describe(r.spec) +
                ", $23.48/month in case "
                "high (reference)"))
      << text;
  EXPECT_TRUE(contains(text, "$10.50")) << "the worker line in case low\n" << text;
  EXPECT_TRUE(contains(text, "$22.33")) << "the worker line in case high\n" << text;
  EXPECT_TRUE(contains(text, "$11.65")) << "the total in case low\n" << text;
  EXPECT_TRUE(contains(text, "41.00s")) << "the drain in case high\n" << text;
  EXPECT_TRUE(contains(text, "<= 60s")) << text;
  EXPECT_TRUE(contains(text, "2,718")) << "peak backlog\n" << text;
  const std::string lost = line_starting(text, "max_lost ");
  EXPECT_TRUE(contains(lost, "0.0069%  0.0069%  <= 1%")) << text;
  // The cheaper option that fails, with its miss and by how much.
  EXPECT_TRUE(contains(text, "drain_after_peak in case high: 1m 33s over 60s (+55%)")) << text;
  EXPECT_TRUE(contains(text, "No configuration meets every target: drain_after_peak cannot be met"))
      << text;
  // Least regret, with the reason computed by the search and per-case regret.
  EXPECT_TRUE(contains(text, "Least regret across platforms")) << text;
  EXPECT_TRUE(contains(text, "at most $3.20/month over the best choice (in case low)")) << text;
  EXPECT_TRUE(contains(text, "the only option meeting every target")) << text;
  EXPECT_TRUE(contains(text,
                       "above 1,070,000 orders/month: async, 1 process x 10 concurrency on "
                       "aws ($20.00/month) instead of serverless, 1 GiB on aws"))
      << text;
  EXPECT_TRUE(contains(text, "above 48.5 orders/s:")) << text;
  EXPECT_TRUE(contains(text, "$12.48")) << "the sensitivity swing\n" << text;
  EXPECT_TRUE(contains(text, "$11.00 -> $23.48")) << "the sensitivity's bills\n" << text;
  EXPECT_TRUE(contains(text, "met / missed drain_after_peak")) << "the probes' verdicts\n" << text;
  EXPECT_TRUE(contains(text,
                       "go over python in case high: saves $12.00/month, pays back its "
                       "$30,000.00 build cost in 2500.0 months"))
      << text;
  EXPECT_TRUE(contains(text, "peak flip points: the scenario's traffic is closed")) << text;
  EXPECT_TRUE(contains(text, "2,400 candidates x 2 cases (4,800 evaluations by brute force)"))
      << text;
  EXPECT_TRUE(contains(text, "250 simulations")) << text;
  EXPECT_TRUE(contains(text, "Search complete.")) << text;
}

void expect_fits(const std::string& text, size_t columns) {
  std::istringstream lines(text);
  std::string line;
  int number = 0;
  while (std::getline(lines, line)) {
    ++number;
    EXPECT_LE(line.size(), columns) << "line " << number << ": " << line;
  }
}

TEST(PlanText, FitsOneHundredColumns) {
  PlanResult r = answered();
  expect_fits(plan_text(r), 100);
  // Long names, many cases and long reasons: squeezed and wrapped, never wider.
  r.spec.cases.clear();
  const std::string long_item(70, 'x');
  for (int c = 0; c < 6; ++c)
    r.spec.cases.push_back({"a-rather-long-case-name-" + std::to_string(c), {}, std::nullopt});
  auto& best = *r.search.platforms[0].best;
  best.bills.assign(6, bill("aws", 123'456'789, "Fargate vCPU-hours in " + long_item));
  best.cases.assign(6, best.cases[0]);
  r.search.least_regret->reason = std::string(300, 'r') + " " + std::string(40, 'y');
  r.search.platforms[1].none_because = long_item + " " + long_item + " " + long_item;
  r.sensitivity[0].input = "orders_per_month";
  r.sensitivity[0].low_label = "100,000,000/month";
  r.sensitivity[0].high_label = "1,000,000,000/month";
  r.sensitivity[0].outcome_low = r.sensitivity[0].outcome_high;
  expect_fits(plan_text(r), 100);
  // Cases that do not fit side by side go in blocks: none is cut off.
  const std::string text = plan_text(r);
  for (const auto& c : r.spec.cases) {
    size_t seen = 0;
    for (size_t at = text.find(c.name); at != std::string::npos; at = text.find(c.name, at + 1))
      ++seen;
    EXPECT_GE(seen, 3u) << c.name << " is listed and heads a bill and a figures column\n" << text;
  }
  EXPECT_FALSE(contains(text, "$1...")) << text;
}

TEST(PlanText, NothingFeasibleNamesTheTargetAndTheClosest) {
  PlanResult r = answered();
  r.search.platforms[0].best.reset();
  r.search.platforms[0].none_because = "drain_after_peak: 93s at best";
  r.search.least_regret.reset();
  r.search.feasible.clear();
  r.search.infeasible_because = "no candidate drains within 60s in case high";
  r.search.closest = r.search.platforms[0].cheaper_failing[0];
  const std::string text = plan_text(r);
  EXPECT_TRUE(contains(text,
                       "Nothing meets every target: no candidate drains within 60s in case "
                       "high"))
      << text;
  EXPECT_TRUE(
      contains(text, "Closest: - " + async_candidate(6).describe(r.spec) + " on aws: $20.95/month"))
      << text;
  EXPECT_FALSE(contains(text, "Least regret")) << text;
}

TEST(PlanText, NoRegretIsNotCalledAMaximum) {
  PlanResult r = answered();
  r.search.least_regret->max_regret = Money();
  r.search.least_regret->regret = {Money(), Money()};
  const std::string text = plan_text(r);
  EXPECT_TRUE(contains(text, "in case high (reference); the cheapest choice in every case"))
      << text;
  EXPECT_FALSE(contains(text, "at most $0.00")) << text;
  EXPECT_TRUE(contains(plan_markdown(r), "; the cheapest choice in every case."));
}

TEST(PlanText, AStoppedSearchSaysWhy) {
  PlanResult r = answered();
  r.search.stats.complete = false;
  r.search.stats.stopped_because = "--max-simulations 500 reached";
  const std::string text = plan_text(r);
  EXPECT_TRUE(contains(text, "Stopped early: --max-simulations 500 reached.")) << text;
  EXPECT_FALSE(contains(text, "Search complete")) << text;
  EXPECT_FALSE(contains(text, "fewer evaluations than brute force")) << "not for a part" << text;
}

TEST(PlanJson, ParsesWithTheDocumentedKeys) {
  const PlanResult r = answered();
  const auto doc = nlohmann::json::parse(plan_json(r));
  for (const char* key : {"scenario", "file", "currency", "plan", "platforms", "least_regret",
                          "case_choices", "closest", "infeasible_because", "volume_flips",
                          "peak_flips", "sensitivity", "payback", "notes", "search"})
    EXPECT_TRUE(doc.contains(key)) << key;
  EXPECT_EQ(doc["plan"]["budget_usd"], "50.00");
  EXPECT_EQ(doc["plan"]["cases"][1]["reference"], true);
  const auto& aws = doc["platforms"][0];
  EXPECT_EQ(aws["platform"], "aws");
  const auto& best = aws["best"];
  EXPECT_EQ(best["reference_monthly_usd"], "23.48");
  EXPECT_EQ(best["feasible"], true);
  EXPECT_EQ(best["candidate"]["processes"], 7);
  EXPECT_EQ(best["candidate"]["kind"], "async");
  EXPECT_EQ(best["candidate"]["task"]["vcpu"], 0.5);
  const auto& high = best["cases"][1];
  EXPECT_EQ(high["case"], "high");
  EXPECT_EQ(high["figures"]["accept_p95_ms"], 150.0);
  EXPECT_EQ(high["figures"]["drain_seconds"], 41.0);
  EXPECT_EQ(high["figures"]["peak_backlog"], 2'718);
  EXPECT_EQ(high["bill"]["total_usd"], "23.48");
  EXPECT_EQ(high["bill"]["lines"][0]["amount_usd"], "22.33");
  EXPECT_EQ(high["targets"][1]["name"], "drain_after_peak");
  const auto& miss = aws["cheaper_failing"][0]["misses"][0];
  EXPECT_EQ(miss["target"], "drain_after_peak");
  EXPECT_NEAR(miss["relative_excess"].get<double>(), 0.55, 1e-9);
  EXPECT_TRUE(doc["platforms"][1]["best"].is_null());
  EXPECT_EQ(doc["least_regret"]["max_regret_usd"], "3.20");
  EXPECT_EQ(doc["least_regret"]["regret"][0]["case"], "low");
  EXPECT_EQ(doc["volume_flips"][0]["at"], 1'070'000.0);
  EXPECT_EQ(doc["volume_flips"][0]["above"]["monthly_usd"], "20.00");
  EXPECT_EQ(doc["sensitivity"][0]["swing_usd"], "12.48");
  EXPECT_EQ(doc["payback"][0]["months"], 2'500.0);
  EXPECT_EQ(doc["search"]["simulations"], 250);
  EXPECT_EQ(doc["search"]["brute_force_evaluations"], 4'800);
  EXPECT_EQ(doc["search"]["complete"], true);
}

TEST(PlanJson, PrunedCasesHaveNoFiguresAndAbsentAnswersAreNull) {
  PlanResult r = answered();
  auto& failing = r.search.platforms[0].cheaper_failing[0];
  failing.cases[1].pruned = true;
  failing.cases[1].pruned_because = "offered 60/s above a capacity of 52/s";
  r.search.least_regret.reset();
  const auto doc = nlohmann::json::parse(plan_json(r));
  const auto& pruned = doc["platforms"][0]["cheaper_failing"][0]["cases"][1];
  EXPECT_EQ(pruned["pruned"], true);
  EXPECT_TRUE(pruned["figures"].is_null()) << "not simulated: no zeros posing as figures";
  EXPECT_TRUE(doc["least_regret"].is_null());
  EXPECT_TRUE(contains(plan_text(r), "case high not simulated: offered 60/s above a capacity"));
}

// Cells in a Markdown row, not counting escaped pipes.
size_t cells(const std::string& row) {
  size_t pipes = 0;
  for (size_t i = 0; i < row.size(); ++i)
    if (row[i] == '|' && (i == 0 || row[i - 1] != '\\')) ++pipes;
  return pipes - 1;
}

TEST(PlanMarkdown, TablesAreWellFormed) {
  PlanResult r = answered();
  r.search.platforms[0].best->bills[0].lines[0].item = "a | pipe";
  // A bill's notes are a list between the bill and the figures tables.
  r.search.platforms[0].best->bills[0].notes = {"usage scaled by orders"};
  const std::string md = plan_markdown(r);
  EXPECT_TRUE(contains(md, "- note (low): usage scaled by orders")) << md;
  EXPECT_TRUE(contains(md, "## aws")) << md;
  EXPECT_TRUE(contains(md, "## Least regret across platforms")) << md;
  EXPECT_TRUE(contains(md, "## Flip points")) << md;
  EXPECT_TRUE(contains(md, "## Sensitivity")) << md;
  EXPECT_TRUE(contains(md, "- drain_after_peak in case high: 1m 33s over 60s (+55%)")) << md;
  std::istringstream lines(md);
  std::string line, previous;
  size_t columns = 0, tables = 0, row_in_table = 0;
  while (std::getline(lines, line)) {
    const bool row = !line.empty() && line.front() == '|';
    if (!row) {
      row_in_table = 0;
    } else if (row_in_table++ == 0) {
      columns = cells(line);  // the header
      ++tables;
      EXPECT_TRUE(previous.empty()) << "a table starts after a blank line: " << line;
    } else {
      EXPECT_EQ(cells(line), columns) << line;
      const bool separator = line.find_first_not_of("|-:") == std::string::npos;
      EXPECT_EQ(separator, row_in_table == 2) << "the separator is the second row, only: " << line;
    }
    previous = line;
  }
  EXPECT_EQ(tables, 4u) << "the aws bill and figures, regret, sensitivity\n" << md;
}

}  // namespace
}  // namespace stackplan::report
