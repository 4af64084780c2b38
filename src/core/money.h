// Money and unit prices as exact integers, never binary floating point.
//
// Bills are sums of many small products (1,100,000 GB-s x $0.0000166667), and
// a reader must be able to check every line to the cent. Binary floating
// point cannot represent $0.01 or $0.0000166667 exactly, so published unit
// prices are integer pico-dollars (1e-12 $, enough for the ten decimals AWS
// publishes) and amounts are 128-bit integer atto-dollars (1e-18 $): a
// quantity in millionths times a price in pico-dollars lands there exactly,
// so a bill's lines and total are exact sums and comparisons (break-even) see
// every digit. Rounding to cents happens only when an amount is displayed.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace stackplan {

__extension__ typedef __int128 Int128;

// An amount of US dollars, exact to one atto-dollar (1e-18 $).
class Money {
 public:
  static constexpr int64_t kMicrosPerDollar = 1'000'000;
  static constexpr int64_t kAttosPerMicro = 1'000'000'000'000;
  static constexpr Int128 kAttosPerDollar = static_cast<Int128>(kMicrosPerDollar) * kAttosPerMicro;
  // The largest amount a bill line or total may hold: one quadrillion
  // dollars. Far above any real bill, far below where sums of lines could
  // overflow 128 bits; anything larger is refused, never wrapped.
  static constexpr int64_t kMaxDollars = 1'000'000'000'000'000;
  static constexpr Int128 kMaxAttos = static_cast<Int128>(kMaxDollars) * kAttosPerDollar;

  constexpr Money() = default;
  static constexpr Money from_micros(int64_t micros) {
    return Money(static_cast<Int128>(micros) * kAttosPerMicro);
  }
  static constexpr Money from_attos(Int128 attos) { return Money(attos); }
  static constexpr Money from_dollars(int64_t dollars) {
    return Money(static_cast<Int128>(dollars) * kAttosPerDollar);
  }
  // Exact decimal text: "18.33", "$1,200", "0.000001", "-5". More than six
  // decimals is an error, not a silent rounding.
  static Result<Money> parse(std::string_view text);

  constexpr Int128 attos() const { return attos_; }
  // Rounded half away from zero to a micro-dollar: for display and JSON.
  int64_t micros() const;
  // For ratios and charts only; never sum these.
  constexpr double dollars_f() const {
    return static_cast<double>(attos_) / static_cast<double>(kAttosPerDollar);
  }
  // Within +-kMaxDollars: amounts outside are refused by whoever made them.
  constexpr bool representable() const { return attos_ <= kMaxAttos && attos_ >= -kMaxAttos; }

  constexpr Money operator+(Money o) const { return Money(attos_ + o.attos_); }
  constexpr Money operator-(Money o) const { return Money(attos_ - o.attos_); }
  constexpr Money& operator+=(Money o) {
    attos_ += o.attos_;
    return *this;
  }
  constexpr Money& operator-=(Money o) {
    attos_ -= o.attos_;
    return *this;
  }
  // Callers multiply representable amounts by small counts (months <= 1200).
  constexpr Money operator*(int64_t k) const { return Money(attos_ * k); }
  constexpr Money operator-() const { return Money(-attos_); }
  constexpr auto operator<=>(const Money&) const = default;

  // Rounded half away from zero to `decimals` places (0..6): what format shows.
  Money rounded(int decimals = 2) const;

  // "$1,234.57": rounded half away from zero to `decimals` places (0..6),
  // with thousands separators.
  std::string format(int decimals = 2) const;
  // Every digit that is not a trailing zero, at least two decimals: "$0.008333".
  std::string format_exact() const;

 private:
  constexpr explicit Money(Int128 attos) : attos_(attos) {}
  Int128 attos_ = 0;
};

// A published price for one unit (or for a block of units, see PriceEntry::per),
// exact to one pico-dollar (1e-12 $).
class UnitPrice {
 public:
  static constexpr int64_t kPicosPerDollar = 1'000'000'000'000;

  constexpr UnitPrice() = default;
  static constexpr UnitPrice from_picos(int64_t picos) { return UnitPrice(picos); }
  // An amount of money used as a price ($100 per hour of engineering).
  static UnitPrice of(Money amount) {
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
// thousands separators, but only where thousands separators go (every three
// digits before the decimal point): "0,04048" is an error, not 4048. Shared by
// Money, UnitPrice and fixed-point quantities.
Result<int64_t> parse_fixed_point(std::string_view text, int decimals);

// Formats value / 10^decimals, keeping at least min_decimals and dropping
// further trailing zeros ("1,100,000", "182.5"); thousands separators only
// when `group` (not for CSV or JSON).
std::string format_fixed_point(Int128 value, int decimals, int min_decimals, bool group = true);

// Thousands separators for people: "2884" -> "2,884". `digits` is the digits
// alone, without sign or decimals.
std::string group_thousands(std::string_view digits);
std::string group_thousands(uint64_t count);

}  // namespace stackplan
