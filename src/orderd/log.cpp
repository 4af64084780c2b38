#include "orderd/log.h"

#include <unistd.h>

#include <cstdio>
#include <string>

#include "core/units.h"
#include "orderd/order.h"

namespace stackplan::orderd {

void log_line(std::string_view message) {
  std::string line = fmt::format("{} orderd[{}] {}\n", format_unix_ns(unix_now_ns()),
                                 static_cast<int>(getpid()), message);
  // One write(2) per line: lines from threads and processes do not interleave.
  ssize_t ignored = ::write(STDERR_FILENO, line.data(), line.size());
  (void)ignored;
}

namespace {
double seconds_between(std::chrono::steady_clock::time_point from,
                       std::chrono::steady_clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}
}  // namespace

void RepeatedFailureLog::failed(const std::string& error) {
  auto now = Clock::now();
  std::lock_guard lock(mu_);
  if (!failing_.load()) {
    failing_.store(true);
    since_ = last_report_ = now;
    failures_ = 1;
    log_event("{} failing: {}; retrying, a summary every {} until they succeed", what_, error,
              format_duration(report_interval_));
    return;
  }
  ++failures_;
  if (now - last_report_ < std::chrono::nanoseconds(report_interval_.ns())) return;
  last_report_ = now;
  log_event("{} still failing after {:.1f} s ({} failures): {}", what_,
            seconds_between(since_, now), failures_, error);
}

void RepeatedFailureLog::succeeded() {
  if (!failing_.load(std::memory_order_relaxed)) return;
  std::lock_guard lock(mu_);
  if (!failing_.load()) return;
  failing_.store(false);
  log_event("{} succeed again after {:.1f} s ({} failures)", what_,
            seconds_between(since_, Clock::now()), failures_);
}

}  // namespace stackplan::orderd
