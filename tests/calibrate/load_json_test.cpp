// A saved load run read back for `stackplan calibrate --measured`.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "calibrate/calibrate.h"

namespace stackplan::calibrate {
namespace {

const Duration kTraffic = Duration::seconds(10);

std::string run_json(const std::string& requests, const std::string& failures,
                     const std::string& latency, const std::string& codes = "") {
  return R"({"requests": )" + requests + R"(, "failures": )" + failures + R"(, "latency_ms": )" +
         latency + (codes.empty() ? "" : R"(, "status_codes": )" + codes) + "}";
}

const std::string kPercentiles =
    R"({"avg": 2.5, "min": 1, "p50": 2, "p90": 3, "p95": 4, "p99": 5, "p999": 6, "max": 7})";

double ms(Duration d) { return static_cast<double>(d.ns()) / 1e6; }

TEST(CalibrateLoadJson, InterpolatesTheQuantilesBetweenTheSavedPercentiles) {
  auto run = measured_from_load_json(run_json("100", "4", kPercentiles, R"({"202": 96})"),
                                     "run.json", kTraffic);
  ASSERT_TRUE(run.ok()) << run.error().message();
  EXPECT_EQ(run->requests, 100u);
  EXPECT_EQ(run->successes, 96u);
  EXPECT_DOUBLE_EQ(ms(run->latency_p99), 5);
  ASSERT_EQ(run->latency_quantiles.size(), static_cast<size_t>(kLatencyQuantiles));
  EXPECT_TRUE(run->quantiles_interpolated);
  // Quantile i is at (i + 0.5) / 1000: i = 499 is 0.4995, just below p50.
  EXPECT_NEAR(ms(run->latency_quantiles[499]), 2.0 - 0.0005 / 0.5, 1e-6);
  EXPECT_NEAR(ms(run->latency_quantiles[924]), 3.0 + 0.0245 / 0.05, 1e-6);   // q = 0.9245
  EXPECT_NEAR(ms(run->latency_quantiles[999]), 6.0 + 0.0005 / 0.001, 1e-6);  // q = 0.9995
}

TEST(CalibrateLoadJson, KeepsNoQuantilesWhenPercentilesAreMissingOrOutOfOrder) {
  auto missing = measured_from_load_json(
      run_json("10", "0", R"({"avg": 2, "p50": 2, "p95": 4, "p99": 5})"), "run.json", kTraffic);
  ASSERT_TRUE(missing.ok()) << missing.error().message();
  EXPECT_TRUE(missing->latency_quantiles.empty());
  auto disordered = measured_from_load_json(
      run_json("10", "0",
               R"({"avg": 2, "min": 1, "p50": 2, "p90": 9, "p95": 4, "p99": 5, "p999": 6,
                  "max": 7})"),
      "run.json", kTraffic);
  ASSERT_TRUE(disordered.ok());
  EXPECT_TRUE(disordered->latency_quantiles.empty());
}

// A live run counts the requests answered within the traffic time (the
// generator also waits for those in flight); a saved one must count the same.
TEST(CalibrateLoadJson, CountsTheSameWindowAsALiveRun) {
  const std::string json =
      R"({"requests": 35, "failures": 1, "latency_ms": {"avg": 1, "p50": 1, "p95": 1, "p99": 1},
          "timeline": [{"second": 0, "requests": 10, "failures": 1},
                         {"second": 1, "requests": 12, "failures": 0},
                         {"second": 2, "requests": 13, "failures": 0}]})";
  auto run = measured_from_load_json(json, "run.json", Duration::seconds(2));
  ASSERT_TRUE(run.ok()) << run.error().message();
  EXPECT_EQ(run->requests, 22u);  // seconds 0 and 1; second 2 is after the traffic
  EXPECT_EQ(run->successes, 34u);
  EXPECT_EQ(run->successes_per_second, (std::vector<uint64_t>{9, 12, 13}));
  auto disordered = measured_from_load_json(
      R"({"requests": 2, "failures": 0, "latency_ms": {"avg": 1, "p50": 1, "p95": 1, "p99": 1},
          "timeline": [{"second": 1, "requests": 1, "failures": 0},
                         {"second": 1, "requests": 1, "failures": 0}]})",
      "run.json", kTraffic);
  ASSERT_FALSE(disordered.ok());
  EXPECT_NE(disordered.error().message().find("timeline[1].second: not after"), std::string::npos)
      << disordered.error().message();
}

TEST(CalibrateLoadJson, RefusesCountsThatCannotBeARun) {
  struct Case {
    std::string json, expected;
  };
  const Case cases[] = {
      {run_json("1e300", "0", kPercentiles), "requests: expected a whole count from 0 to"},
      {run_json("10.5", "0", kPercentiles), "requests: expected a whole count"},
      {run_json("10", "-1", kPercentiles), "failures: expected a whole count"},
      {run_json("10", "11", kPercentiles), "failures (11) exceed requests (10)"},
      {run_json("10", "0", kPercentiles, R"({"200": 6, "202": 5})"),
       "more 2xx answers than requests (10)"},
      {run_json("10", "0", R"({"avg": 1, "p50": 1, "p95": 1, "p99": 1e99})"),
       "latency_ms.p99: expected 0 to"},
      {run_json("10", "0", R"({"avg": 1, "p50": 1, "p95": 1})"),
       "latency_ms.p99: expected a number"},
      {"[1, 2]", "not the JSON of `stackplan load --json`"},
  };
  for (const Case& c : cases) {
    auto run = measured_from_load_json(c.json, "run.json", kTraffic);
    ASSERT_FALSE(run.ok()) << c.json;
    EXPECT_NE(run.error().message().find("run.json: "), std::string::npos) << run.error().message();
    EXPECT_NE(run.error().message().find(c.expected), std::string::npos) << run.error().message();
  }
}

}  // namespace
}  // namespace stackplan::calibrate
