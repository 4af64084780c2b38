// A billed quantity (GB-seconds, requests, vCPU-hours, GB) as fixed point.
//
// Quantities come from stated volumes and from simulation results; they are
// converted to integer millionths once, at the edge, so that every sum and
// every product with a UnitPrice is exact and a bill adds up to its lines.
//
// The millionths are 128-bit, so 2e9 invocations x 10 GB x 900 s (1.8e13
// GB-seconds) is exact. Anything above kMaxUnits cannot be billed: such a
// quantity is marked overflowed, stays overflowed through every sum and
// product, and price_usage refuses it with the bound in the message, so a bill
// never wraps around to a small or negative number.
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
  // One quintillion units: more than any month of any resource, and small
  // enough that a quantity times a published price fits in 128 bits.
  static constexpr int64_t kMaxUnits = 1'000'000'000'000'000'000;
  static constexpr Int128 kMaxMicros = static_cast<Int128>(kMaxUnits) * kMicrosPerUnit;

  constexpr Quantity() = default;
  static constexpr Quantity units(int64_t whole_units) {
    return from_micros(static_cast<Int128>(whole_units) * kMicrosPerUnit);
  }
  static constexpr Quantity from_micros(Int128 micros) {
    Quantity q;
    if (micros > kMaxMicros || micros < -kMaxMicros) return overflow();
    q.micros_ = micros;
    return q;
  }
  // Rounds to the nearest millionth of a unit; the only place a double enters.
  // Not finite or beyond kMaxUnits gives an overflowed quantity.
  static Quantity from_double(double value) {
    if (!std::isfinite(value) || std::fabs(value) > static_cast<double>(kMaxUnits))
      return overflow();
    return from_micros(static_cast<Int128>(std::round(value * kMicrosPerUnit)));
  }
  static constexpr Quantity overflow() {
    Quantity q;
    q.overflowed_ = true;
    return q;
  }

  constexpr Int128 micros() const { return micros_; }
  constexpr double value_f() const {
    return static_cast<double>(micros_) / static_cast<double>(kMicrosPerUnit);
  }
  constexpr bool is_zero() const { return micros_ == 0 && !overflowed_; }
  // True when the quantity went beyond kMaxUnits somewhere on its way here.
  constexpr bool overflowed() const { return overflowed_; }

  constexpr Quantity operator+(Quantity o) const {
    if (overflowed_ || o.overflowed_) return overflow();
    return from_micros(micros_ + o.micros_);
  }
  constexpr Quantity operator-(Quantity o) const {
    if (overflowed_ || o.overflowed_) return overflow();
    return from_micros(micros_ - o.micros_);
  }
  constexpr Quantity& operator+=(Quantity o) { return *this = *this + o; }
  // An overflowed quantity compares above every representable one.
  constexpr std::strong_ordering operator<=>(const Quantity& o) const {
    if (overflowed_ != o.overflowed_)
      return overflowed_ ? std::strong_ordering::greater : std::strong_ordering::less;
    return micros_ <=> o.micros_;
  }
  constexpr bool operator==(const Quantity& o) const = default;

  // "1,100,000", "182.5", "0.000001".
  std::string format() const {
    return overflowed_ ? "(too large)" : format_fixed_point(micros_, 6, 0);
  }

 private:
  Int128 micros_ = 0;
  bool overflowed_ = false;
};

inline Quantity min(Quantity a, Quantity b) { return a < b ? a : b; }
inline Quantity max(Quantity a, Quantity b) { return a < b ? b : a; }

// quantity x price / per, exact to an atto-dollar. `per` is the block the
// price is published for (1,000,000 requests). Fails, naming the bound, when
// the quantity overflowed or the amount is beyond Money::kMaxDollars.
Result<Money> amount_for(Quantity quantity, UnitPrice price, int64_t per);

// a x b exactly in millionths, rounded to the nearest millionth
// (0.25 vCPU x 1,460 hours = 365 vCPU-hours); overflowed beyond kMaxUnits.
Quantity multiply(Quantity a, Quantity b);

}  // namespace stackplan::cost
