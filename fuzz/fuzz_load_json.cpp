// Saved load runs (`stackplan calibrate --measured FILE`, the JSON of
// `stackplan load --json`): any bytes give a measured run or an error naming
// the field, and a run that reads holds consistent counts.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "calibrate/calibrate.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace stackplan;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto run = calibrate::measured_from_load_json(text, "fuzz.json", Duration::seconds(10));
  if (!run) {
    (void)run.error().message();
    return 0;
  }
  if (run->failures > run->requests || run->successes > run->requests) std::abort();
  if (run->latency_p99.ns() < 0 || run->latency_mean.ns() < 0) std::abort();
  return 0;
}
