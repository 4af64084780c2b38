// Money and unit prices as exact integers, never binary floating point.
//
// Bills are sums of many small products (1,100,000 GB-s x $0.0000166667), and
// a reader must be able to check every line to the cent. Binary floating
// point cannot represent $0.01 or $0.0000166667 exactly, so amounts are
// integer micro-dollars and published unit prices are integer pico-dollars
// (1e-12 $, enough for the ten decimals AWS publishes). Rounding to cents
// happens only when an amount is displayed.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace stackplan {

// An amount of US dollars, exact to one micro-dollar (1e-6 $).
class Money {
 public:
  static constexpr int64_t kMicrosPerDollar = 1'000'000;

  constexpr Money() = default;
  static constexpr Money from_micros(int64_t micros) { return Money(micros); }
  static constexpr Money from_dollars(int64_t dollars) { return Money(dollars * kMicrosPerDollar); }
  // Exact decimal text: "18.33", "$1,200", "0.000001", "-5". More than six
  // decimals is an error, not a silent rounding.
  static Result<Money> parse(std::string_view text);

  constexpr int64_t micros() const { return micros_; }
  // For ratios and charts only; never sum these.
  constexpr double dollars_f() const { return static_cast<double>(micros_) / kMicrosPerDollar; }

  constexpr Money operator+(Money o) const { return Money(micros_ + o.micros_); }
  constexpr Money operator-(Money o) const { return Money(micros_ - o.micros_); }
  constexpr Money& operator+=(Money o) {
    micros_ += o.micros_;
    return *this;
  }
  constexpr Money& operator-=(Money o) {
    micros_ -= o.micros_;
    return *this;
  }
  constexpr Money operator*(int64_t k) const { return Money(micros_ * k); }
  constexpr Money operator-() const { return Money(-micros_); }
  constexpr auto operator<=>(const Money&) const = default;

  // "$1,234.57": rounded half away from zero to `decimals` places (0..6),
  // with thousands separators.
  std::string format(int decimals = 2) const;
  // Every digit that is not a trailing zero, at least two decimals: "$0.008333".
  std::string format_exact() const;

 private:
  constexpr explicit Money(int64_t micros) : micros_(micros) {}
  int64_t micros_ = 0;
};

// A published price for one unit (or for a block of units, see PriceEntry::per),
// exact to one pico-dollar (1e-12 $).
class UnitPrice {
 public:
  static constexpr int64_t kPicosPerDollar = 1'000'000'000'000;

  constexpr UnitPrice() = default;
  static constexpr UnitPrice from_picos(int64_t picos) { return UnitPrice(picos); }
  // An amount of money used as a price ($100 per hour of engineering).
  static constexpr UnitPrice of(Money amount) {
    return UnitPrice(amount.micros() * (kPicosPerDollar / Money::kMicrosPerDollar));
  }
  // Exact decimal text as published: "0.0000166667", "$3.50". Up to 12 decimals.
  static Result<UnitPrice> parse(std::string_view text);

  constexpr int64_t picos() const { return picos_; }
  constexpr auto operator<=>(const UnitPrice&) const = default;

  // The price with a fraction taken off, e.g. a Spot discount. The fraction is
  // given in millionths (700000 = 70%); the result rounds to the nearest pico.
  UnitPrice discounted(int64_t fraction_millionths) const;

  // All significant digits: "$0.0000166667", "$3.50", "$20.00".
  std::string format() const;

 private:
  constexpr explicit UnitPrice(int64_t picos) : picos_(picos) {}
  int64_t picos_ = 0;
};

// Parses an exact decimal into an integer count of 10^-decimals units
// ("1.5", 6 -> 1500000). Accepts a leading "$" or "-", and "," or "_" as
// thousands separators. Shared by Money, UnitPrice and fixed-point quantities.
Result<int64_t> parse_fixed_point(std::string_view text, int decimals);

// Formats value / 10^decimals, keeping at least min_decimals and dropping
// further trailing zeros ("1,100,000", "182.5"); thousands separators only
// when `group` (not for CSV or JSON).
std::string format_fixed_point(int64_t value, int decimals, int min_decimals, bool group = true);

}  // namespace stackplan
