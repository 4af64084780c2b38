#include "load/locust_table.h"

#include <gtest/gtest.h>

#include <sstream>

namespace stackplan::load {
namespace {

// The tables of a real Locust 2.12.1 run (HttpUser, between(0.1, 0.5), 20
// users, 30 s, against nginx), as printed by `--only-summary`.
const char* kLocustReference =
    R"(Type     Name                                                                          # reqs      # fails |    Avg     Min     Max    Med |   req/s  failures/s
--------|----------------------------------------------------------------------------|-------|-------------|-------|-------|-------|-------|--------|-----------
GET      /                                                                               1940     0(0.00%) |      1       0      19      1 |   65.11        0.00
--------|----------------------------------------------------------------------------|-------|-------------|-------|-------|-------|-------|--------|-----------
         Aggregated                                                                      1940     0(0.00%) |      1       0      19      1 |   65.11        0.00

Response time percentiles (approximated)
Type     Name                                                                                  50%    66%    75%    80%    90%    95%    98%    99%  99.9% 99.99%   100% # reqs
--------|--------------------------------------------------------------------------------|--------|------|------|------|------|------|------|------|------|------|------|------
GET      /                                                                                       1      1      1      1      2      2      2      8     19     19     19   1940
--------|--------------------------------------------------------------------------------|--------|------|------|------|------|------|------|------|------|------|------|------
         Aggregated                                                                              1      1      1      1      2      2      2      8     19     19     19   1940

)";

uint64_t ns(double ms) { return static_cast<uint64_t>(ms * 1e6); }

// 1940 response times whose Locust statistics are those of the reference run.
Histogram reference_like_latencies() {
  Histogram h;
  h.record(ns(0.6));  // min: prints as 0, rounds to 1 for the percentiles
  h.record_n(ns(1.0), 1719);
  h.record_n(ns(2.1), 200);
  h.record_n(ns(8.2), 18);
  h.record_n(ns(19.4), 2);  // max
  return h;
}

LocustRoundedTimes reference_like_rounded() {
  LocustRoundedTimes t;
  t.record_n(ns(0.6), 1);
  t.record_n(ns(1.0), 1719);
  t.record_n(ns(2.1), 200);
  t.record_n(ns(8.2), 18);
  t.record_n(ns(19.4), 2);
  return t;
}

TEST(LocustTable, LocustModeReproducesLocustOutputByteForByte) {
  Histogram h = reference_like_latencies();
  LocustRoundedTimes rounded = reference_like_rounded();
  TableRow get{"GET", "/", 1940, 0, &h, &rounded};
  TableRow total{"", "Aggregated", 1940, 0, &h, &rounded};
  std::string out =
      render_locust_tables({get}, total, Duration::from_seconds(29.796), TableMode::kLocust);
  EXPECT_EQ(out, kLocustReference);
}

TEST(LocustTable, LocustRoundingLetsAPercentileExceedTheMax) {
  Histogram h;
  h.record_n(ns(1), 60);
  h.record_n(ns(146), 40);  // Locust keeps 150: its p99 (150) exceeds its max (146)
  LocustRoundedTimes rounded;
  rounded.record_n(ns(1), 60);
  rounded.record_n(ns(146), 40);
  TableRow row{"GET", "/slow", 100, 0, &h, &rounded};
  std::string locust = render_locust_tables({row}, row, Duration::seconds(1), TableMode::kLocust);
  EXPECT_NE(locust.find("    146      1 |"), std::string::npos) << locust;
  EXPECT_NE(locust.find("      1    150    150"), std::string::npos) << locust;
  EXPECT_NE(locust.find("   150    150    150    100"), std::string::npos) << locust;
  std::string exact = render_locust_tables({row}, row, Duration::seconds(1), TableMode::kExact);
  EXPECT_EQ(exact.find(" 150"), std::string::npos) << exact;  // never above the max
}

TEST(LocustTable, ExactModeKeepsTheLayoutWithDecimals) {
  Histogram h = reference_like_latencies();
  TableRow get{"GET", "/", 1940, 0, &h};
  std::string out =
      render_locust_tables({get}, get, Duration::from_seconds(29.796), TableMode::kExact);
  std::istringstream lines(out), reference(kLocustReference);
  std::string a, b;
  while (std::getline(reference, b)) {
    ASSERT_TRUE(std::getline(lines, a));
    EXPECT_EQ(a.size(), b.size()) << a << "\n" << b;  // same columns
  }
  EXPECT_NE(out.find("   0.60   19.40"), std::string::npos) << out;
}

TEST(LocustTable, RowsSortedByNameAndErrorReport) {
  Histogram h;
  h.record(ns(3));
  TableRow b{"POST", "/b", 1, 1, &h}, a{"GET", "/a", 1, 0, &h};
  TableRow total{"", "Aggregated", 2, 1, &h};
  std::string out = render_locust_tables({b, a}, total, Duration::seconds(1), TableMode::kLocust,
                                         {{"POST", "/b", "HTTP 500", 1}});
  EXPECT_LT(out.find("GET      /a"), out.find("POST     /b"));
  EXPECT_NE(out.find("1(50.00%)"), std::string::npos);
  EXPECT_NE(out.find("Error report\n# occurrences      Error"), std::string::npos) << out;
  EXPECT_NE(out.find("1                  POST /b: HTTP 500"), std::string::npos) << out;
}

}  // namespace
}  // namespace stackplan::load
