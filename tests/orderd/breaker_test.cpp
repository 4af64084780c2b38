// The gateway circuit breaker on its own (no processes).
#include <gtest/gtest.h>

#include <thread>

#include "orderd/circuit_breaker.h"

namespace {

using stackplan::Duration;
using stackplan::orderd::CircuitBreaker;

TEST(CircuitBreaker, OpensAfterConsecutiveFailuresThenOneTrialCloses) {
  CircuitBreaker breaker(3, Duration::milliseconds(50));
  EXPECT_FALSE(breaker.record_failure());
  EXPECT_FALSE(breaker.record_failure());
  EXPECT_TRUE(breaker.allow());
  EXPECT_TRUE(breaker.record_failure());  // the third opens it
  EXPECT_TRUE(breaker.is_open());
  Duration wait;
  EXPECT_FALSE(breaker.allow(&wait));
  EXPECT_GT(wait.ns(), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(60));
  EXPECT_TRUE(breaker.allow());   // half-open: one trial
  EXPECT_FALSE(breaker.allow());  // and only one
  EXPECT_TRUE(breaker.record_success());
  EXPECT_FALSE(breaker.is_open());
  EXPECT_TRUE(breaker.allow());
}

TEST(CircuitBreaker, AnUnusedTrialIsGivenBack) {
  CircuitBreaker breaker(1, Duration::milliseconds(10));
  breaker.record_failure();
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_TRUE(breaker.allow());
  breaker.cancel_trial();  // e.g. the queue was empty
  EXPECT_TRUE(breaker.allow());
}

TEST(CircuitBreaker, ZeroThresholdNeverOpens) {
  CircuitBreaker breaker(0, Duration::seconds(1));
  for (int i = 0; i < 100; ++i) breaker.record_failure();
  EXPECT_TRUE(breaker.allow());
  EXPECT_FALSE(breaker.is_open());
}

}  // namespace
