#include "core/units.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace stackplan {
namespace {

constexpr int64_t kNanosecondsPerDay = 86400LL * 1'000'000'000;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Splits "12.5ms" into 12.5 and "ms". Fails when there is no number.
bool split_number(std::string_view s, double& number, std::string_view& unit) {
  s = trim(s);
  size_t i = 0;
  while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.' ||
                          s[i] == '-' || s[i] == '+' || s[i] == 'e' || s[i] == 'E')) {
    // 'e' only counts as exponent when followed by a digit or sign.
    if ((s[i] == 'e' || s[i] == 'E') &&
        !(i + 1 < s.size() && (std::isdigit(static_cast<unsigned char>(s[i + 1])) ||
                               s[i + 1] == '-' || s[i + 1] == '+')))
      break;
    ++i;
  }
  if (i == 0) return false;
  std::string num(s.substr(0, i));
  char* end = nullptr;
  number = std::strtod(num.c_str(), &end);
  if (end != num.c_str() + num.size() || !std::isfinite(number)) return false;
  unit = trim(s.substr(i));
  return true;
}

}  // namespace

Result<Duration> parse_duration(std::string_view text) {
  double n = 0;
  std::string_view unit;
  if (!split_number(text, n, unit))
    return Error(fmt::format("expected a duration like 250ms or 3s, got \"{}\"", text));
  double scale = 0;
  if (unit == "ns")
    scale = 1e-9;
  else if (unit == "us" || unit == "µs")
    scale = 1e-6;
  else if (unit == "ms")
    scale = 1e-3;
  else if (unit == "s")
    scale = 1;
  else if (unit == "m" || unit == "min")
    scale = 60;
  else if (unit == "h")
    scale = 3600;
  else if (unit == "d" || unit == "day" || unit == "days")
    scale = 86400;
  else
    return Error(fmt::format(
        "expected a duration with a unit (ns, us, ms, s, min, h, d) like 250ms, got \"{}\"", text));
  if (n < 0) return Error(fmt::format("a duration cannot be negative, got \"{}\"", text));
  if (n * scale > Duration::longest().seconds_f())
    return Error(fmt::format("duration \"{}\" is longer than the limit of {}d", text,
                             Duration::longest().ns() / kNanosecondsPerDay));
  return Duration::from_seconds(n * scale);
}

Result<Rate> parse_rate(std::string_view text) {
  double n = 0;
  std::string_view unit;
  if (!split_number(text, n, unit) || unit.empty() || unit.front() != '/')
    return Error(fmt::format("expected a rate like 48/s or 1000/day, got \"{}\"", text));
  unit.remove_prefix(1);
  double per = 0;
  if (unit == "s")
    per = 1;
  else if (unit == "min" || unit == "m")
    per = 60;
  else if (unit == "h")
    per = 3600;
  else if (unit == "day" || unit == "d")
    per = 86400;
  else
    return Error(fmt::format("expected a rate per s, min, h or day like 48/s, got \"{}\"", text));
  if (n < 0) return Error(fmt::format("a rate cannot be negative, got \"{}\"", text));
  return Rate{n / per};
}

Result<double> parse_bytes(std::string_view text) {
  double n = 0;
  std::string_view unit;
  if (!split_number(text, n, unit))
    return Error(fmt::format("expected a size like 512MB or 0.5GB, got \"{}\"", text));
  double scale = 0;
  if (unit == "B")
    scale = 1;
  else if (unit == "KB")
    scale = 1e3;
  else if (unit == "MB")
    scale = 1e6;
  else if (unit == "GB")
    scale = 1e9;
  else if (unit == "TB")
    scale = 1e12;
  else if (unit == "KiB")
    scale = 1024.0;
  else if (unit == "MiB")
    scale = 1024.0 * 1024;
  else if (unit == "GiB")
    scale = 1024.0 * 1024 * 1024;
  else
    return Error(
        fmt::format("expected a size with a unit (B, KB, MB, GB, MiB, GiB), got \"{}\"", text));
  if (n < 0) return Error(fmt::format("a size cannot be negative, got \"{}\"", text));
  if (!std::isfinite(n * scale)) return Error(fmt::format("size \"{}\" is too large", text));
  return n * scale;
}

Result<double> parse_memory_gib(std::string_view text) {
  constexpr double kMebibytesPerGibibyte = 1024;
  double n = 0;
  std::string_view unit;
  const bool parsed = split_number(text, n, unit);
  double gib = 0;
  if (parsed && (unit == "MB" || unit == "MiB"))
    gib = n / kMebibytesPerGibibyte;
  else if (parsed && (unit == "GB" || unit == "GiB"))
    gib = n;
  if (!(gib > 0))
    return Error(fmt::format("expected a memory size like 512MB or 2GB, got \"{}\"", text));
  return gib;
}

std::string format_duration(Duration d) {
  double s = d.seconds_f();
  if (s < 1e-3) return fmt::format("{:.0f}us", s * 1e6);
  if (s < 1) return fmt::format("{:.0f}ms", s * 1e3);
  if (s < 60) return fmt::format("{:.2f}s", s);
  auto total = static_cast<int64_t>(std::llround(s));
  if (total < 3600) return fmt::format("{}m {:02}s", total / 60, total % 60);
  return fmt::format("{}h {:02}m", total / 3600, (total % 3600) / 60);
}

}  // namespace stackplan
