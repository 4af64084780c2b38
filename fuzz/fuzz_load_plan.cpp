// Load plan files (`stackplan load --plan FILE`): parsed, each endpoint
// compiled into its request template, and a few requests rendered, as the
// load generator's workers do. Any bytes give requests or an error.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/rng.h"
#include "load/plan.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace stackplan::load;
  constexpr int kRendersPerEndpoint = 3;
  std::string text(reinterpret_cast<const char*>(data), size);
  auto plan = parse_plan_text(text, "fuzz.yaml");
  if (!plan) {
    (void)plan.error().message();
    return 0;
  }
  stackplan::Rng rng(1);
  uint64_t sequence = 0;
  std::string request, scratch;
  for (const auto& endpoint : plan->endpoints) {
    auto builder = RequestBuilder::compile(endpoint, "127.0.0.1:8080");
    if (!builder) {
      (void)builder.error().message();
      continue;
    }
    for (int i = 0; i < kRendersPerEndpoint; ++i) {
      request.clear();
      builder->render(rng, sequence, request, scratch);
    }
  }
  if (!plan->endpoints.empty()) {
    EndpointPicker picker(plan->endpoints);
    for (int i = 0; i < kRendersPerEndpoint; ++i) (void)picker.pick(rng);
  }
  return 0;
}
