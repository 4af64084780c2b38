// Simulated and measured time, carried as integer nanoseconds.
//
// Integer time keeps simulations deterministic across compilers and makes
// event ordering exact: two events scheduled for the same instant compare
// equal, never "almost equal". int64 nanoseconds cover about 292 years.
#pragma once

#include <compare>
#include <cstdint>

namespace stackplan {

class Duration {
 public:
  constexpr Duration() = default;
  static constexpr Duration nanoseconds(int64_t ns) { return Duration(ns); }
  static constexpr Duration microseconds(int64_t us) { return Duration(us * 1000); }
  static constexpr Duration milliseconds(int64_t ms) { return Duration(ms * 1000000); }
  static constexpr Duration seconds(int64_t s) { return Duration(s * 1000000000); }
  // Rounds to the nearest nanosecond. Out of range saturates at max() (or
  // its negative) and NaN gives zero: casting such a double to int64 would be
  // undefined behaviour.
  static constexpr Duration from_seconds(double s) {
    const double ns = s * 1e9;
    if (ns != ns) return Duration();
    if (ns >= kTwoTo63) return max();
    if (ns <= -kTwoTo63) return Duration(-INT64_MAX);
    return Duration(static_cast<int64_t>(ns + (ns >= 0 ? 0.5 : -0.5)));
  }
  // A delay computed in floating point (a sampled service time, a backoff, a
  // CPU job slowed by sharing), clamped to [0, longest()]; NaN gives zero.
  // Clamping to longest() rather than max() keeps now + delay representable.
  static constexpr Duration clamped_delay_ns(double ns) {
    if (!(ns > 0)) return Duration();
    if (ns >= static_cast<double>(kLongestNs)) return longest();
    // NOLINTNEXTLINE(bugprone-incorrect-roundings): ns > 0 here, so + 0.5 rounds to nearest
    return Duration(static_cast<int64_t>(ns + 0.5));
  }
  static constexpr Duration max() { return Duration(INT64_MAX); }
  // The longest duration a file or flag may give and the longest delay the
  // simulator schedules: a century, so that a few added together (a run, a
  // delay, a timeout) stay far inside int64 nanoseconds (292 years).
  static constexpr Duration longest() { return Duration(kLongestNs); }

  constexpr int64_t ns() const { return ns_; }
  constexpr double seconds_f() const { return static_cast<double>(ns_) * 1e-9; }
  constexpr double milliseconds_f() const { return static_cast<double>(ns_) * 1e-6; }

  constexpr Duration operator+(Duration o) const { return Duration(ns_ + o.ns_); }
  constexpr Duration operator-(Duration o) const { return Duration(ns_ - o.ns_); }
  constexpr Duration& operator+=(Duration o) {
    ns_ += o.ns_;
    return *this;
  }
  constexpr Duration& operator-=(Duration o) {
    ns_ -= o.ns_;
    return *this;
  }
  constexpr Duration operator*(int64_t k) const { return Duration(ns_ * k); }
  constexpr auto operator<=>(const Duration&) const = default;

 private:
  static constexpr double kTwoTo63 = 9223372036854775808.0;
  static constexpr int64_t kLongestNs = 100LL * 365 * 86400 * 1'000'000'000;
  constexpr explicit Duration(int64_t ns) : ns_(ns) {}
  int64_t ns_ = 0;
};

// A point on a simulation's clock, measured from the start of the run.
using SimTime = Duration;

}  // namespace stackplan
