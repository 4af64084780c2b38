// Saved metrics logs (`stackplan calibrate --metrics-log FILE`): read, and
// when valid written again and read back. Any bytes give a log or an error;
// a log that read must write to a text that reads back and writes the same.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "calibrate/metrics_log.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace stackplan::calibrate;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto log = read_metrics_log(text, "fuzz.log");
  if (!log) {
    (void)log.error().message();
    return 0;
  }
  const std::string written = write_metrics_log(*log);
  auto again = read_metrics_log(written, "fuzz.log");
  if (!again) std::abort();                                // its own output refused
  if (write_metrics_log(*again) != written) std::abort();  // not a fixed point
  return 0;
}
