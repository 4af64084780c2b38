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
  // Rounds to the nearest nanosecond.
  static constexpr Duration from_seconds(double s) {
    return Duration(static_cast<int64_t>(s * 1e9 + (s >= 0 ? 0.5 : -0.5)));
  }
  static constexpr Duration max() { return Duration(INT64_MAX); }

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
  constexpr explicit Duration(int64_t ns) : ns_(ns) {}
  int64_t ns_ = 0;
};

// A point on a simulation's clock, measured from the start of the run.
using SimTime = Duration;

}  // namespace stackplan
