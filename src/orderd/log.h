// One line per event that matters, on stderr:
//   2026-01-02T03:04:05.678Z orderd[1234] api listening on 127.0.0.1:8080
// Not one line per order: at 20,000 orders/s the log would cost more than the
// orders. Per-order facts live in the store and in /metrics.
#pragma once

#include <fmt/format.h>

#include <string_view>

namespace stackplan::orderd {

void log_line(std::string_view message);

template <typename... Args>
void log_event(fmt::format_string<Args...> format, Args&&... args) {
  log_line(fmt::format(format, std::forward<Args>(args)...));
}

}  // namespace stackplan::orderd
