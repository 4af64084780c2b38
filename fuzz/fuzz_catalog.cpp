// Catalog files (catalog/*.yaml, `stackplan catalog check`): one provider
// file from any bytes, then the checks `catalog check` runs on it.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

#include "cost/catalog.h"
#include "cost/catalog_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace stackplan::cost;
  std::string text(reinterpret_cast<const char*>(data), size);
  auto provider = Catalog::parse_provider(text, "fuzz.yaml");
  if (!provider) {
    (void)provider.error().message();
    return 0;
  }
  Catalog catalog;
  if (!catalog.add(std::move(*provider)).ok()) return 0;
  CheckOptions options;
  // A fixed day keeps runs reproducible (no wall clock in the target).
  options.today = std::chrono::year_month_day(std::chrono::year(2026), std::chrono::month(11),
                                              std::chrono::day(30));
  options.max_age = std::chrono::days(365);
  auto issues = check_catalog(catalog, options);
  (void)catalog_errors(issues);
  return 0;
}
