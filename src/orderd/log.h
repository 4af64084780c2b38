// One line per event that matters, on stderr:
//   2026-01-02T03:04:05.678Z orderd[1234] api listening on 127.0.0.1:8080
// Not one line per order: at 20,000 orders/s the log would cost more than the
// orders. Per-order facts live in the store and in /metrics.
#pragma once

#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

#include "core/duration.h"

namespace stackplan::orderd {

void log_line(std::string_view message);

template <typename... Args>
void log_event(fmt::format_string<Args...> format, Args&&... args) {
  log_line(fmt::format(format, std::forward<Args>(args)...));
}

// A failure that repeats (Redis down: every claim, every commit fails) is one
// event, not one line per attempt: a line when it starts, a summary every
// report interval while it lasts, and a line when it ends. Shared by the
// threads that make the attempts.
class RepeatedFailureLog {
 public:
  // what: the subject of the lines, e.g. "group commits".
  RepeatedFailureLog(std::string what, Duration report_interval)
      : what_(std::move(what)), report_interval_(report_interval) {}
  void failed(const std::string& error);
  // Cheap when nothing failed: called after every successful attempt.
  void succeeded();

 private:
  using Clock = std::chrono::steady_clock;
  const std::string what_;
  const Duration report_interval_;
  std::atomic<bool> failing_{false};
  std::mutex mu_;
  Clock::time_point since_;
  Clock::time_point last_report_;
  int64_t failures_ = 0;
};

}  // namespace stackplan::orderd
