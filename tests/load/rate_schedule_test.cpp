#include "load/rate_schedule.h"

#include <gtest/gtest.h>

namespace stackplan::load {
namespace {

TEST(RateSchedule, ConstantRateSpacesArrivalsEvenly) {
  auto s = RateSchedule::constant(1000);
  EXPECT_EQ(s.advance(Duration(), 1), Duration::milliseconds(1));
  EXPECT_EQ(s.advance(Duration::seconds(2), 500), Duration::milliseconds(2500));
  EXPECT_DOUBLE_EQ(s.expected_arrivals(Duration::seconds(3)), 3000);
}

TEST(RateSchedule, StepsAdvanceAcrossBoundaries) {
  auto s = RateSchedule::parse_steps("100/s for 1s, 1000/s for 1s, 10/s");
  ASSERT_TRUE(s.ok()) << s.error().message();
  EXPECT_DOUBLE_EQ(s->rate_at(Duration::milliseconds(500)), 100);
  EXPECT_DOUBLE_EQ(s->rate_at(Duration::milliseconds(1500)), 1000);
  EXPECT_DOUBLE_EQ(s->rate_at(Duration::seconds(5)), 10);
  // 50 arrivals remain in the first second, then 100 more at 1000/s = 0.1 s.
  EXPECT_EQ(s->advance(Duration::milliseconds(500), 150), Duration::milliseconds(1100));
  EXPECT_DOUBLE_EQ(s->expected_arrivals(Duration::seconds(3)), 100 + 1000 + 10);
}

TEST(RateSchedule, StepsWithFinalLengthStopSending) {
  auto s = RateSchedule::parse_steps("100/s for 1s");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->advance(Duration::milliseconds(999), 5), Duration::max());
}

TEST(RateSchedule, SpikeOnBaseline) {
  auto s = RateSchedule::parse_spike(100, "2000/s at 10s for 5s");
  ASSERT_TRUE(s.ok()) << s.error().message();
  EXPECT_DOUBLE_EQ(s->rate_at(Duration::seconds(9)), 100);
  EXPECT_DOUBLE_EQ(s->rate_at(Duration::seconds(12)), 2000);
  EXPECT_DOUBLE_EQ(s->rate_at(Duration::seconds(15)), 100);
  EXPECT_DOUBLE_EQ(s->expected_arrivals(Duration::seconds(20)), 100 * 15 + 2000 * 5);
  EXPECT_DOUBLE_EQ(s->peak(), 2000);
}

TEST(RateSchedule, ScaledSharesTheRate) {
  auto s = RateSchedule::constant(1000).scaled(0.25);
  EXPECT_EQ(s.advance(Duration(), 1), Duration::milliseconds(4));
}

TEST(RateSchedule, BadTextIsAnError) {
  EXPECT_FALSE(RateSchedule::parse_steps("100 for 1s").ok());
  EXPECT_FALSE(RateSchedule::parse_steps("100/s, 200/s for 1s").ok());
  EXPECT_FALSE(RateSchedule::parse_spike(1, "2000/s for 5s").ok());
}

}  // namespace
}  // namespace stackplan::load
