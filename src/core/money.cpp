#include "core/money.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

namespace stackplan {
namespace {

constexpr int64_t pow10(int n) {
  int64_t p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

// Divides rounding half away from zero.
Int128 divide_rounded(Int128 numerator, Int128 denominator) {
  Int128 q = numerator / denominator;
  Int128 r = numerator % denominator;
  if (r < 0) r = -r;
  if (2 * r >= denominator) q += (numerator < 0) ? -1 : 1;
  return q;
}

// fmt and std::to_string do not print 128-bit integers portably.
std::string decimal_digits(Int128 magnitude) {
  if (magnitude == 0) return "0";
  std::string out;
  for (; magnitude > 0; magnitude /= 10)
    out.insert(out.begin(), static_cast<char>('0' + magnitude % 10));
  return out;
}

}  // namespace

std::string group_thousands(std::string_view digits) {
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string group_thousands(uint64_t count) { return group_thousands(std::to_string(count)); }

Result<int64_t> parse_fixed_point(std::string_view text, int decimals) {
  std::string_view s = text;
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  bool negative = false;
  if (!s.empty() && s.front() == '-') {
    negative = true;
    s.remove_prefix(1);
  }
  if (!s.empty() && s.front() == '$') s.remove_prefix(1);
  Int128 whole = 0;
  Int128 fraction = 0;
  int fraction_digits = 0;
  bool seen_point = false;
  bool seen_digit = false;
  bool seen_separator = false;
  int group_digits = 0;  // digits since the last thousands separator (or the start)
  auto misplaced_separator = [&] {
    return Error(fmt::format(
        "\"{}\": \",\" and \"_\" may only separate groups of three digits before the decimal "
        "point (write decimals with a point, like 0.04048)",
        text));
  };
  for (char c : s) {
    if (c == ',' || c == '_') {
      if (seen_point) return misplaced_separator();
      // The first group holds 1-3 digits, every later one exactly 3.
      if (group_digits == 0 || group_digits > 3 || (seen_separator && group_digits != 3))
        return misplaced_separator();
      seen_separator = true;
      group_digits = 0;
      continue;
    }
    if (c == '.' && !seen_point) {
      if (seen_separator && group_digits != 3) return misplaced_separator();
      seen_point = true;
      continue;
    }
    if (c < '0' || c > '9')
      return Error(fmt::format("expected a decimal number, got \"{}\"", text));
    seen_digit = true;
    if (seen_point) {
      if (++fraction_digits > decimals)
        return Error(fmt::format("\"{}\" has more than {} decimals", text, decimals));
      fraction = fraction * 10 + (c - '0');
    } else {
      ++group_digits;
      whole = whole * 10 + (c - '0');
      if (whole > std::numeric_limits<int64_t>::max())
        return Error(fmt::format("\"{}\" is too large", text));
    }
  }
  if (!seen_digit) return Error(fmt::format("expected a decimal number, got \"{}\"", text));
  if (seen_separator && !seen_point && group_digits != 3) return misplaced_separator();
  Int128 value = whole * pow10(decimals) + fraction * pow10(decimals - fraction_digits);
  if (value > std::numeric_limits<int64_t>::max())
    return Error(fmt::format("\"{}\" is too large (at most {} with {} decimals)", text,
                             format_fixed_point(std::numeric_limits<int64_t>::max(), decimals, 0),
                             decimals));
  return static_cast<int64_t>(negative ? -value : value);
}

std::string format_fixed_point(Int128 value, int decimals, int min_decimals, bool group) {
  const bool negative = value < 0;
  const Int128 magnitude = negative ? -value : value;
  const int64_t scale = pow10(decimals);
  const std::string digits = decimal_digits(magnitude / scale);
  auto fraction = static_cast<int64_t>(magnitude % scale);
  std::string fraction_text = decimals > 0 ? fmt::format("{:0{}d}", fraction, decimals) : "";
  while (static_cast<int>(fraction_text.size()) > min_decimals && fraction_text.back() == '0')
    fraction_text.pop_back();
  std::string out = (negative ? "-" : "") + (group ? group_thousands(digits) : digits);
  if (!fraction_text.empty()) out += "." + fraction_text;
  return out;
}

Result<Money> Money::parse(std::string_view text) {
  auto micros = parse_fixed_point(text, 6);
  if (!micros) return micros.error();
  return Money::from_micros(*micros);
}

int64_t Money::micros() const {
  return static_cast<int64_t>(divide_rounded(attos_, kAttosPerMicro));
}

Money Money::rounded(int decimals) const {
  decimals = std::clamp(decimals, 0, 6);
  const Int128 step = static_cast<Int128>(pow10(6 - decimals)) * kAttosPerMicro;
  return Money(divide_rounded(attos_, step) * step);
}

std::string Money::format(int decimals) const {
  decimals = std::clamp(decimals, 0, 6);
  const Int128 step = static_cast<Int128>(pow10(6 - decimals)) * kAttosPerMicro;
  const Int128 rounded = divide_rounded(attos_, step);
  std::string number = format_fixed_point(rounded, decimals, decimals);
  if (!number.empty() && number.front() == '-') return "-$" + number.substr(1);
  return "$" + number;
}

std::string Money::format_exact() const {
  constexpr int kAttoDecimals = 18;
  std::string number = format_fixed_point(attos_, kAttoDecimals, 2);
  if (!number.empty() && number.front() == '-') return "-$" + number.substr(1);
  return "$" + number;
}

Result<UnitPrice> UnitPrice::parse(std::string_view text) {
  auto picos = parse_fixed_point(text, 12);
  if (!picos) return picos.error();
  if (*picos < 0) return Error(fmt::format("a price cannot be negative, got \"{}\"", text));
  return UnitPrice::from_picos(*picos);
}

UnitPrice UnitPrice::discounted(int64_t fraction_millionths) const {
  constexpr int64_t kMillion = 1'000'000;
  const Int128 kept = static_cast<Int128>(picos_) * (kMillion - fraction_millionths);
  return UnitPrice::from_picos(static_cast<int64_t>(divide_rounded(kept, kMillion)));
}

std::string UnitPrice::format() const { return "$" + format_fixed_point(picos_, 12, 2); }

}  // namespace stackplan
