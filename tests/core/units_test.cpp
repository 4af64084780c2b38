#include "core/units.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/money.h"

namespace stackplan {
namespace {

TEST(ParseDuration, AcceptsEveryUnit) {
  EXPECT_EQ(parse_duration("250ms")->ns(), 250'000'000);
  EXPECT_EQ(parse_duration("3s")->ns(), 3'000'000'000);
  EXPECT_EQ(parse_duration("1.5min")->ns(), 90'000'000'000);
  EXPECT_EQ(parse_duration("2h")->ns(), 7'200'000'000'000);
  EXPECT_EQ(parse_duration("100us")->ns(), 100'000);
  EXPECT_EQ(parse_duration(" 1d ")->ns(), 86'400'000'000'000);
}

TEST(ParseDuration, RejectsBareNumbersAndJunk) {
  EXPECT_FALSE(parse_duration("3").ok());
  EXPECT_FALSE(parse_duration("fast").ok());
  EXPECT_FALSE(parse_duration("-1s").ok());
  EXPECT_FALSE(parse_duration("3 parsecs").ok());
  EXPECT_NE(parse_duration("3").error().message().find("unit"), std::string::npos);
}

TEST(ParseRate, ConvertsToPerSecond) {
  EXPECT_DOUBLE_EQ(parse_rate("48/s")->per_second, 48);
  EXPECT_DOUBLE_EQ(parse_rate("600/min")->per_second, 10);
  EXPECT_DOUBLE_EQ(parse_rate("3600/h")->per_second, 1);
  EXPECT_DOUBLE_EQ(parse_rate("86400/day")->per_second, 1);
  EXPECT_FALSE(parse_rate("48").ok());
  EXPECT_FALSE(parse_rate("48/fortnight").ok());
}

TEST(ParseBytes, DecimalAndBinary) {
  EXPECT_DOUBLE_EQ(*parse_bytes("0.5GB"), 5e8);
  EXPECT_DOUBLE_EQ(*parse_bytes("512MiB"), 512.0 * 1024 * 1024);
  EXPECT_FALSE(parse_bytes("512").ok());
  EXPECT_EQ(parse_bytes("1e300TB").error().message(), "size \"1e300TB\" is too large");
}

TEST(FormatDuration, ReadableAtEveryScale) {
  EXPECT_EQ(format_duration(Duration::milliseconds(250)), "250ms");
  EXPECT_EQ(format_duration(Duration::seconds(3)), "3.00s");
  EXPECT_EQ(format_duration(Duration::seconds(28 * 60 + 7)), "28m 07s");
  EXPECT_EQ(format_duration(Duration::seconds(3720)), "1h 02m");
}

TEST(ParseDuration, RefusesDurationsBeyondACenturyWithTheLimit) {
  EXPECT_EQ(*parse_duration("36500d"), Duration::longest());
  EXPECT_EQ(parse_duration("36501d").error().message(),
            "duration \"36501d\" is longer than the limit of 36500d");
  EXPECT_FALSE(parse_duration("1e300s").ok());
}

TEST(DurationConversion, OutOfRangeDoublesSaturateInsteadOfWrapping) {
  EXPECT_EQ(Duration::from_seconds(1e300), Duration::max());
  EXPECT_EQ(Duration::from_seconds(9.3e9), Duration::max());
  EXPECT_EQ(Duration::from_seconds(-1e300).ns(), -INT64_MAX);
  EXPECT_EQ(Duration::from_seconds(std::nan("")), Duration());
  EXPECT_EQ(Duration::from_seconds(1.5), Duration::milliseconds(1500));
}

TEST(DurationConversion, DelaysAreClampedToTheLongestDuration) {
  EXPECT_EQ(Duration::clamped_delay_ns(1e30), Duration::longest());
  EXPECT_EQ(Duration::clamped_delay_ns(std::numeric_limits<double>::infinity()),
            Duration::longest());
  EXPECT_EQ(Duration::clamped_delay_ns(-5), Duration());
  EXPECT_EQ(Duration::clamped_delay_ns(std::nan("")), Duration());
  EXPECT_EQ(Duration::clamped_delay_ns(1234.4), Duration::nanoseconds(1234));
  // Two of the longest still add up inside int64 nanoseconds.
  EXPECT_GT((Duration::longest() + Duration::longest()).ns(), 0);
}

}  // namespace
}  // namespace stackplan

namespace stackplan {
namespace {

TEST(MemorySize, MegabytesMeanMebibytesAsProvidersBillThem) {
  EXPECT_DOUBLE_EQ(*parse_memory_gib("512MB"), 0.5);
  EXPECT_DOUBLE_EQ(*parse_memory_gib("512MiB"), 0.5);
  EXPECT_DOUBLE_EQ(*parse_memory_gib("0.5GB"), 0.5);
  EXPECT_DOUBLE_EQ(*parse_memory_gib("2GiB"), 2);
  EXPECT_DOUBLE_EQ(*parse_memory_gib("10240MB"), 10);
  EXPECT_DOUBLE_EQ(*parse_memory_gib(" 1536 MB "), 1.5);
}

TEST(MemorySize, AnythingElseIsAnErrorShowingTheForm) {
  for (const char* bad : {"512", "512KB", "1TB", "-1GB", "0MB", "lots", "", "nanGB"}) {
    auto r = parse_memory_gib(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().message(),
              std::string("expected a memory size like 512MB or 2GB, got \"") + bad + "\"");
  }
}

TEST(ThousandsSeparators, EveryThreeDigitsFromTheRight) {
  EXPECT_EQ(group_thousands(uint64_t{0}), "0");
  EXPECT_EQ(group_thousands(uint64_t{999}), "999");
  EXPECT_EQ(group_thousands(uint64_t{2884}), "2,884");
  EXPECT_EQ(group_thousands(uint64_t{1234567}), "1,234,567");
  EXPECT_EQ(group_thousands(UINT64_MAX), "18,446,744,073,709,551,615");
  EXPECT_EQ(group_thousands(std::string_view("100000")), "100,000");
}

}  // namespace
}  // namespace stackplan
