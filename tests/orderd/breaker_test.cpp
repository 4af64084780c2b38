// The gateway circuit breaker on its own (no processes), on a clock the test
// steps: each transition is checked at the exact time it is due.
#include <gtest/gtest.h>

#include <chrono>

#include "orderd/circuit_breaker.h"

namespace {

using namespace std::chrono_literals;
using stackplan::Duration;
using stackplan::orderd::CircuitBreaker;

// A clock that moves only when the test says so.
struct ManualClock {
  CircuitBreaker::Clock::time_point now{};
  CircuitBreaker::Now source() {
    return [this] { return now; };
  }
  void advance(std::chrono::nanoseconds by) { now += by; }
};

Duration retry_after_of(CircuitBreaker& breaker) {
  Duration wait;
  EXPECT_FALSE(breaker.allow(&wait));
  return wait;
}

class CircuitBreakerTest : public ::testing::Test {
 protected:
  ManualClock clock;
  CircuitBreaker breaker{3, Duration::seconds(1), clock.source()};
  void open_it() {
    for (int i = 0; i < 3; ++i) breaker.record_failure();
  }
};

TEST_F(CircuitBreakerTest, OpensAtTheThresholdNotBefore) {
  EXPECT_FALSE(breaker.record_failure());
  EXPECT_FALSE(breaker.record_failure());
  EXPECT_FALSE(breaker.is_open());
  EXPECT_TRUE(breaker.allow());
  EXPECT_TRUE(breaker.record_failure());  // the third opens it
  EXPECT_TRUE(breaker.is_open());
  EXPECT_FALSE(breaker.allow());
}

TEST_F(CircuitBreakerTest, ASuccessResetsTheConsecutiveCount) {
  breaker.record_failure();
  breaker.record_failure();
  EXPECT_FALSE(breaker.record_success());  // closed already: nothing closed
  breaker.record_failure();
  breaker.record_failure();
  EXPECT_FALSE(breaker.is_open());
  EXPECT_TRUE(breaker.allow());
}

TEST_F(CircuitBreakerTest, StaysOpenForExactlyOpenForThenLetsOneTrialThrough) {
  open_it();
  clock.advance(300ms);
  EXPECT_EQ(retry_after_of(breaker), Duration::milliseconds(700));
  clock.advance(699ms);  // 1 ms left: the wait suggested is never below the minimum
  EXPECT_EQ(retry_after_of(breaker),
            Duration::milliseconds(CircuitBreaker::kMinRetryAfter.count()));
  clock.advance(1ms);              // exactly open_for after the opening failure
  EXPECT_TRUE(breaker.allow());    // half-open: one trial
  EXPECT_FALSE(breaker.allow());   // and only one
  EXPECT_TRUE(breaker.is_open());  // until the trial settles
}

TEST_F(CircuitBreakerTest, ASuccessfulTrialClosesTheCircuit) {
  open_it();
  clock.advance(1s);
  ASSERT_TRUE(breaker.allow());
  EXPECT_TRUE(breaker.record_success());  // this success closed it
  EXPECT_FALSE(breaker.is_open());
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(breaker.allow());  // no trial limit when closed
}

TEST_F(CircuitBreakerTest, AFailedTrialReopensForAFullOpenForFromThatFailure) {
  open_it();
  clock.advance(1s);
  ASSERT_TRUE(breaker.allow());
  EXPECT_FALSE(breaker.record_failure());  // still open, not newly opened
  clock.advance(999ms);
  EXPECT_EQ(retry_after_of(breaker),
            Duration::milliseconds(CircuitBreaker::kMinRetryAfter.count()));
  clock.advance(1ms);
  EXPECT_TRUE(breaker.allow());  // the next trial, open_for after the failed one
}

TEST_F(CircuitBreakerTest, AnUnusedTrialIsGivenBack) {
  open_it();
  clock.advance(1s);
  EXPECT_TRUE(breaker.allow());
  breaker.cancel_trial();  // e.g. the queue was empty
  EXPECT_TRUE(breaker.allow());
  EXPECT_FALSE(breaker.allow());
}

TEST(CircuitBreaker, ZeroThresholdNeverOpens) {
  CircuitBreaker breaker(0, Duration::seconds(1));
  for (int i = 0; i < 100; ++i) EXPECT_FALSE(breaker.record_failure());
  EXPECT_TRUE(breaker.allow());
  EXPECT_FALSE(breaker.is_open());
}

}  // namespace
