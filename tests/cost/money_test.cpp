#include "core/money.h"

#include <gtest/gtest.h>

namespace stackplan {
namespace {

TEST(CostMoney, ParsesExactDecimals) {
  EXPECT_EQ(Money::parse("18.33")->micros(), 18'330'000);
  EXPECT_EQ(Money::parse("$1,200")->micros(), 1'200'000'000);
  EXPECT_EQ(Money::parse("0.000001")->micros(), 1);
  EXPECT_EQ(Money::parse("-5")->micros(), -5'000'000);
}

TEST(CostMoney, RejectsMoreDecimalsThanItCanHoldAndNonNumbers) {
  EXPECT_FALSE(Money::parse("0.0000001").ok());
  EXPECT_FALSE(Money::parse("twelve").ok());
  EXPECT_FALSE(Money::parse("").ok());
  EXPECT_FALSE(Money::parse("1.2.3").ok());
}

TEST(CostMoney, RoundsHalfAwayFromZeroOnlyWhenDisplayed) {
  EXPECT_EQ(Money::from_micros(18'333'337).format(), "$18.33");
  EXPECT_EQ(Money::from_micros(8'335).format(), "$0.01");
  EXPECT_EQ(Money::from_micros(4'999).format(), "$0.00");
  EXPECT_EQ(Money::from_micros(5'000).format(), "$0.01");
  EXPECT_EQ(Money::from_micros(-5'000).format(), "-$0.01");
  EXPECT_EQ(Money::from_micros(1'234'567'890).format(), "$1,234.57");
  EXPECT_EQ(Money::from_micros(1'234'567'890).format(0), "$1,235");
  EXPECT_EQ(Money::from_micros(8'333).format_exact(), "$0.008333");
}

TEST(CostMoney, SumsExactlyWhereBinaryFloatingPointDoesNot) {
  Money sum;
  for (int i = 0; i < 10; ++i) sum += *Money::parse("0.10");
  EXPECT_EQ(sum, Money::from_dollars(1));
}

TEST(CostUnitPrice, KeepsAllPublishedDecimals) {
  auto p = UnitPrice::parse("0.0000166667");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->picos(), 16'666'700);
  EXPECT_EQ(p->format(), "$0.0000166667");
  EXPECT_EQ(UnitPrice::parse("3.50")->format(), "$3.50");
  EXPECT_FALSE(UnitPrice::parse("0.0000000000001").ok());
  EXPECT_FALSE(UnitPrice::parse("-1").ok());
}

TEST(CostUnitPrice, DiscountRoundsToTheNearestPico) {
  auto p = *UnitPrice::parse("0.04048");
  EXPECT_EQ(p.discounted(700'000).format(), "$0.012144");
  EXPECT_EQ(p.discounted(0), p);
}

}  // namespace
}  // namespace stackplan
