// Scenario files (`stackplan simulate FILE`): any bytes parse to a scenario or
// to an error, never a crash, an exception or undefined behaviour.
#include <cstddef>
#include <cstdint>
#include <string>

#include "scenario/scenario.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  // Empirical samples name files relative to base_dir; an empty directory
  // keeps the target from reading whatever the current directory holds.
  auto scenario = stackplan::parse_scenario_text(text, "fuzz.yaml", "/nonexistent");
  if (!scenario) (void)scenario.error().message();
  return 0;
}
