#include "orderd/log.h"

#include <unistd.h>

#include <cstdio>
#include <string>

#include "orderd/order.h"

namespace stackplan::orderd {

void log_line(std::string_view message) {
  std::string line = fmt::format("{} orderd[{}] {}\n", format_unix_ns(unix_now_ns()),
                                 static_cast<int>(getpid()), message);
  // One write(2) per line: lines from threads and processes do not interleave.
  ssize_t ignored = ::write(STDERR_FILENO, line.data(), line.size());
  (void)ignored;
}

}  // namespace stackplan::orderd
