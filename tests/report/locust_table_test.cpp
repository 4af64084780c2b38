#include "report/locust_table.h"

#include <gtest/gtest.h>

#include <sstream>

#include "core/text_width.h"
#include "support/files.h"

namespace stackplan::report {
namespace {

const char* kReferenceFile = "tests/data/locust/closed-20users-between-0.1-0.5-only-summary.txt";

// The tables of the real Locust 2.12.1 run in tests/data/locust (HttpUser,
// between(0.1, 0.5), 20 users, 30 s, against nginx), without Locust's log
// lines before them.
std::string locust_reference() {
  std::string file = test::read_file(test::source_path(kReferenceFile));
  auto start = file.find("Type     Name");
  return start == std::string::npos ? "" : file.substr(start);
}

size_t widest_line(const std::string& text) {
  size_t widest = 0;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) widest = std::max(widest, display_width(line));
  return widest;
}

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

load::LocustRoundedTimes reference_like_rounded() {
  load::LocustRoundedTimes t;
  t.record_n(ns(0.6), 1);
  t.record_n(ns(1.0), 1719);
  t.record_n(ns(2.1), 200);
  t.record_n(ns(8.2), 18);
  t.record_n(ns(19.4), 2);
  return t;
}

const Duration kReferenceRunTime = Duration::milliseconds(29796);

TEST(LocustTable, LocustModeReproducesLocustOutputByteForByte) {
  const std::string reference = locust_reference();
  ASSERT_FALSE(reference.empty()) << kReferenceFile;
  Histogram h = reference_like_latencies();
  load::LocustRoundedTimes rounded = reference_like_rounded();
  LocustRow get{"GET", "/", 1940, 0, &h, &rounded};
  LocustRow total{"", "Aggregated", 1940, 0, &h, &rounded};
  EXPECT_EQ(locust_tables({get}, total, locust_options(true, kReferenceRunTime)), reference);
}

TEST(LocustTable, LocustRoundingLetsAPercentileExceedTheMax) {
  Histogram h;
  h.record_n(ns(1), 60);
  h.record_n(ns(146), 40);  // Locust keeps 150: its p99 (150) exceeds its max (146)
  load::LocustRoundedTimes rounded;
  rounded.record_n(ns(1), 60);
  rounded.record_n(ns(146), 40);
  LocustRow row{"GET", "/slow", 100, 0, &h, &rounded};
  std::string locust = locust_tables({row}, row, locust_options(true, Duration::seconds(1)));
  EXPECT_NE(locust.find("    146      1 |"), std::string::npos) << locust;
  EXPECT_NE(locust.find("      1    150    150"), std::string::npos) << locust;
  EXPECT_NE(locust.find("   150    150    150    100"), std::string::npos) << locust;
  std::string exact = locust_tables({row}, row, locust_options(false, Duration::seconds(1)));
  EXPECT_EQ(exact.find(" 150"), std::string::npos) << exact;  // never above the max
}

TEST(LocustTable, LocustRoundingAboveTenSecondsIsToTheSecond) {
  Histogram h;
  h.record_n(11'891'000'000, 100);  // 11,891 ms
  LocustRow row{"POST", "/orders/sync", 100, 0, &h};
  auto exact = locust_tables({row}, row, locust_options(false, Duration::seconds(60)));
  auto rounded = locust_tables({row}, row, locust_options(true, Duration::seconds(60)));
  EXPECT_NE(rounded.find(" 12000 "), std::string::npos) << rounded;
  EXPECT_EQ(exact.find(" 12000 "), std::string::npos) << exact;
  EXPECT_EQ(load::LocustRoundedTimes::round_like_locust(114), 110);
  EXPECT_EQ(load::LocustRoundedTimes::round_like_locust(3017), 3000);
}

TEST(LocustTable, ExactTimesFitLocustsLayoutWithDecimals) {
  Histogram h = reference_like_latencies();
  LocustRow get{"GET", "/", 1940, 0, &h};
  std::string out =
      locust_tables({get}, get, {LocustMode::kExact, kReferenceRunTime, LocustLayout::kLocust});
  std::istringstream lines(out), reference(locust_reference());
  std::string a, b;
  int compared = 0;
  while (std::getline(reference, b)) {
    ASSERT_TRUE(std::getline(lines, a));
    EXPECT_EQ(a.size(), b.size()) << a << "\n" << b;  // same columns
    ++compared;
  }
  EXPECT_EQ(compared, 13);
  EXPECT_NE(out.find("   0.60   19.40"), std::string::npos) << out;
}

TEST(LocustTable, RowsSortedByNameAndErrorReport) {
  Histogram h;
  h.record(ns(3));
  LocustRow b{"POST", "/b", 1, 1, &h}, a{"GET", "/a", 1, 0, &h};
  LocustRow total{"", "Aggregated", 2, 1, &h};
  std::string out = locust_tables({b, a}, total, locust_options(true, Duration::seconds(1)),
                                  {{"POST", "/b", "HTTP 500", 1}});
  EXPECT_LT(out.find("GET      /a"), out.find("POST     /b"));
  EXPECT_NE(out.find("1(50.00%)"), std::string::npos);
  EXPECT_NE(out.find("Error report\n# occurrences      Error"), std::string::npos) << out;
  EXPECT_NE(out.find("1                  POST /b: HTTP 500"), std::string::npos) << out;
}

TEST(LocustTable, ARequestNameSplitsIntoMethodAndName) {
  LocustRow post = row_from_request_name("POST /orders/async");
  EXPECT_EQ(post.method, "POST");
  EXPECT_EQ(post.name, "/orders/async");
  LocustRow bare = row_from_request_name("/orders");
  EXPECT_EQ(bare.method, "");
  EXPECT_EQ(bare.name, "/orders");
}

TEST(LocustTable, CompactLayoutFitsAHundredColumnsWithTheExactDigits) {
  Histogram h = reference_like_latencies();
  LocustRow get{"GET", "/", 1940, 0, &h};
  LocustRow total{"", "Aggregated", 1940, 0, &h};
  const std::string out = locust_tables({get}, total, locust_options(false, kReferenceRunTime));
  EXPECT_LE(widest_line(out), kTextColumns) << out;
  // The name column is as wide as "Aggregated", not Locust's 76 and 80.
  EXPECT_NE(out.find("Type Name       # reqs  # fails |"), std::string::npos) << out;
  EXPECT_NE(out.find("GET  /            1940 0(0.00%) |"), std::string::npos) << out;
  // The same digits as the wide layout: min 0.60 ms, max 19.40 ms.
  EXPECT_NE(out.find(" 0.60 19.40 "), std::string::npos) << out;
  EXPECT_NE(out.find("fails/s"), std::string::npos) << out;
  EXPECT_NE(out.find("|  50%  75%  90%  95%  99% 99.9%  100% # reqs"), std::string::npos) << out;
  EXPECT_EQ(out.find("66%"), std::string::npos) << out;  // in JSON, CSV and HTML only
}

TEST(LocustTable, ALongEndpointNameIsCutInTheMiddleAndTheTablesStillFit) {
  Histogram h;
  h.record_n(ns(3'417), 1'234'567);  // wide cells: 7-digit counts, 4-digit times
  const std::string head = "/api/v2/catalog/" + std::string(120, 'x');
  const std::string name = head + "/items/{id}";
  LocustRow get{"DELETE", name, 1'234'567, 89'012, &h};
  LocustRow total{"", "Aggregated", 1'234'567, 89'012, &h};
  const std::string out = locust_tables({get}, total, locust_options(false, Duration::seconds(60)),
                                        {{"DELETE", name, "HTTP 503 Service Unavailable", 89'012}});
  EXPECT_LE(widest_line(out), kTextColumns) << out;
  EXPECT_NE(out.find("DELETE /api/v2/cat"), std::string::npos) << out;  // the start ...
  EXPECT_NE(out.find("...xxx"), std::string::npos) << out;
  EXPECT_NE(out.find("x/items/{id} "), std::string::npos) << out;  // ... and the end
  EXPECT_EQ(out.find(name + " "), std::string::npos) << out;       // not whole in a table
  // The error report wraps the whole text rather than lose its end.
  EXPECT_NE(out.find("HTTP 503 Service Unavailable"), std::string::npos) << out;
  // Locust's layout is not narrowed: the name is printed whole.
  const std::string wide = locust_tables({get}, total, locust_options(true, Duration::seconds(60)));
  EXPECT_NE(wide.find(name), std::string::npos);
  EXPECT_GT(widest_line(wide), kTextColumns);
}

TEST(LocustTable, TruncateMiddleKeepsBothEndsAndWholeCodePoints) {
  EXPECT_EQ(truncate_middle("/orders", 10), "/orders");
  EXPECT_EQ(truncate_middle("/abcdefghij/xyz", 9), "/ab...xyz");
  EXPECT_EQ(display_width(truncate_middle("/caf\u00e9s/\u00e9\u00e9\u00e9\u00e9/fin", 8)), 8u);
}

}  // namespace
}  // namespace stackplan::report
