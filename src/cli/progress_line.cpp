#include "cli/progress_line.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/duration.h"
#include "core/units.h"

namespace stackplan::cli {
namespace {
// Nothing in the first second: a command that ends sooner prints no line.
constexpr auto kQuietStart = std::chrono::seconds(1);
// A terminal redrawn more often than this flickers without telling more.
constexpr auto kRedrawInterval = std::chrono::milliseconds(200);
}  // namespace

bool progress_wanted(bool quiet) { return !quiet && isatty(STDERR_FILENO) == 1; }

ProgressLine::ProgressLine(bool enabled) : enabled_(enabled) {}

void ProgressLine::show(const std::string& line) {
  if (!enabled_) return;
  const auto now = Clock::now();
  if (now - start_ < kQuietStart || (shown_ > 0 && now - last_shown_ < kRedrawInterval)) return;
  last_shown_ = now;
  const size_t pad = shown_ > line.size() ? shown_ - line.size() : 0;
  std::fprintf(stderr, "\r%s%*s", line.c_str(), static_cast<int>(pad), "");
  std::fflush(stderr);
  shown_ = std::max(shown_, line.size());
}

void ProgressLine::clear() {
  if (shown_ == 0) return;
  std::fprintf(stderr, "\r%*s\r", static_cast<int>(shown_), "");
  std::fflush(stderr);
  shown_ = 0;
}

std::string eta_text(double fraction_done, std::chrono::duration<double> elapsed) {
  if (!(fraction_done > 0) || fraction_done >= 1) return {};
  const double remaining_s = elapsed.count() * (1 - fraction_done) / fraction_done;
  return "ETA " + whole_seconds_text(std::chrono::duration<double>(remaining_s));
}

std::string whole_seconds_text(std::chrono::duration<double> d) {
  if (d.count() < 60) return fmt::format("{:.0f}s", d.count());
  return format_duration(Duration::from_seconds(d.count()));
}

int percent(double fraction_done) {
  return static_cast<int>(std::clamp(fraction_done, 0.0, 1.0) * 100);
}

}  // namespace stackplan::cli
