// A billed quantity (GB-seconds, requests, vCPU-hours, GB) as fixed point.
//
// Quantities come from stated volumes and from simulation results; they are
// converted to integer millionths once, at the edge, so that every sum and
// every product with a UnitPrice is exact and a bill adds up to its lines.
#pragma once

#include <algorithm>
#include <cmath>
#include <compare>
#include <cstdint>
#include <string>

#include "core/money.h"

namespace stackplan::cost {

class Quantity {
 public:
  static constexpr int64_t kMicrosPerUnit = 1'000'000;

  constexpr Quantity() = default;
  static constexpr Quantity units(int64_t whole_units) {
    return Quantity(whole_units * kMicrosPerUnit);
  }
  static constexpr Quantity from_micros(int64_t micros) { return Quantity(micros); }
  // Rounds to the nearest millionth of a unit; the only place a double enters.
  static Quantity from_double(double value) {
    return Quantity(static_cast<int64_t>(std::llround(value * kMicrosPerUnit)));
  }

  constexpr int64_t micros() const { return micros_; }
  constexpr double value_f() const { return static_cast<double>(micros_) / kMicrosPerUnit; }
  constexpr bool is_zero() const { return micros_ == 0; }

  constexpr Quantity operator+(Quantity o) const { return Quantity(micros_ + o.micros_); }
  constexpr Quantity operator-(Quantity o) const { return Quantity(micros_ - o.micros_); }
  constexpr Quantity& operator+=(Quantity o) {
    micros_ += o.micros_;
    return *this;
  }
  constexpr auto operator<=>(const Quantity&) const = default;

  // "1,100,000", "182.5", "0.000001".
  std::string format() const { return format_fixed_point(micros_, 6, 0); }

 private:
  constexpr explicit Quantity(int64_t micros) : micros_(micros) {}
  int64_t micros_ = 0;
};

inline Quantity min(Quantity a, Quantity b) { return a < b ? a : b; }
inline Quantity max(Quantity a, Quantity b) { return a < b ? b : a; }

// quantity x price / per, rounded half up to a micro-dollar. `per` is the
// block the price is published for (1,000,000 requests).
Money amount_for(Quantity quantity, UnitPrice price, int64_t per);

// a x b exactly in millionths, rounded to the nearest millionth
// (0.25 vCPU x 1,460 hours = 365 vCPU-hours).
Quantity multiply(Quantity a, Quantity b);

}  // namespace stackplan::cost
