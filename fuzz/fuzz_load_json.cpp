// Saved load runs (`stackplan calibrate --measured FILE`, the JSON of
// `stackplan load --json`): any bytes give a measured run or an error naming
// the field, and a run that reads has sorted, non-negative latencies.
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
  if (run->latency_p99.ns() < 0 || run->latency_mean.ns() < 0) std::abort();
  for (size_t i = 1; i < run->latency_quantiles.size(); ++i)
    if (run->latency_quantiles[i] < run->latency_quantiles[i - 1]) std::abort();
  return 0;
}
