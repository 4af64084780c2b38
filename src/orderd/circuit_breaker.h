// A circuit breaker around the payment gateway: after `failure_threshold`
// consecutive failures it opens for `open_for`, and callers skip the gateway
// (workers put the order back with a delay, the sync endpoint answers 503)
// instead of piling more calls on a provider that is down. After open_for,
// one trial call is let through (half-open); its success closes the circuit.
// A threshold of 0 disables the breaker. Time comes from an injected clock
// (the steady clock in production) so tests can step it exactly.
#pragma once

#include <algorithm>
#include <chrono>
#include <functional>
#include <mutex>
#include <utility>

#include "core/duration.h"

namespace stackplan::orderd {

class CircuitBreaker {
 public:
  using Clock = std::chrono::steady_clock;
  using Now = std::function<Clock::time_point()>;
  // The shortest wait allow() suggests, so callers never spin on a circuit
  // about to half-open.
  static constexpr std::chrono::milliseconds kMinRetryAfter{100};
  CircuitBreaker(int failure_threshold, Duration open_for, Now now = Clock::now)
      : threshold_(failure_threshold),
        open_for_(std::chrono::nanoseconds(open_for.ns())),
        now_(std::move(now)) {}

  // Whether a call may go ahead now; if not, how long until it may.
  bool allow(Duration* retry_after = nullptr) {
    std::lock_guard lock(mu_);
    if (threshold_ <= 0 || failures_ < threshold_) return true;
    auto now = now_();
    if (now >= open_until_ && !trial_in_flight_) {
      trial_in_flight_ = true;  // half-open: one trial
      return true;
    }
    if (retry_after) {
      auto left = std::max(open_until_ - now, Clock::duration(kMinRetryAfter));
      *retry_after =
          Duration::nanoseconds(std::chrono::duration_cast<std::chrono::nanoseconds>(left).count());
    }
    return false;
  }
  // Gives back a trial that allow() granted but that made no call (the
  // queue was empty), so the next caller can make it.
  void cancel_trial() {
    std::lock_guard lock(mu_);
    trial_in_flight_ = false;
  }
  // Returns true when this success closed an open circuit.
  bool record_success() {
    std::lock_guard lock(mu_);
    bool was_open = threshold_ > 0 && failures_ >= threshold_;
    failures_ = 0;
    trial_in_flight_ = false;
    return was_open;
  }
  // Returns true when this failure opened the circuit.
  bool record_failure() {
    std::lock_guard lock(mu_);
    ++failures_;
    trial_in_flight_ = false;
    if (threshold_ > 0 && failures_ >= threshold_) {
      open_until_ = now_() + open_for_;
      return failures_ == threshold_;
    }
    return false;
  }
  bool is_open() {
    std::lock_guard lock(mu_);
    return threshold_ > 0 && failures_ >= threshold_;
  }

 private:
  std::mutex mu_;
  int threshold_;
  Clock::duration open_for_;
  Now now_;
  int failures_ = 0;
  bool trial_in_flight_ = false;
  Clock::time_point open_until_{};
};

}  // namespace stackplan::orderd
