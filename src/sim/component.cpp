#include "sim/component.h"

#include "sim/async_pipeline.h"
#include "sim/serverless_functions.h"
#include "sim/sync_tier.h"

namespace stackplan::sim {

std::unique_ptr<Component> make_component(Model& model) {
  switch (model.arch().kind) {
    case Architecture::Kind::kSync:
      return std::make_unique<SyncTier>(model);
    case Architecture::Kind::kAsync:
      return std::make_unique<AsyncPipeline>(model);
    case Architecture::Kind::kServerless:
      break;
  }
  return std::make_unique<ServerlessFunctions>(model);
}

uint32_t DependencySlots::add_pool() {
  const auto& dependency = model_.arch().dependency;
  pools_.emplace_back();
  pools_.back().free = dependency ? dependency->slots : INT64_MAX;
  return static_cast<uint32_t>(pools_.size() - 1);
}

void DependencySlots::take(uint32_t pool, uint32_t caller, uint16_t done_kind, uint16_t aux) {
  Pool& p = pools_[pool];
  if (p.free == 0) {
    p.waiting.push(caller);
    return;
  }
  --p.free;
  call(caller, done_kind, aux);
}

void DependencySlots::release(uint32_t pool, uint16_t done_kind) {
  Pool& p = pools_[pool];
  if (p.waiting.empty()) {
    ++p.free;
    return;
  }
  call(p.waiting.pop(), done_kind, 0);
}

// Without a dependency (a sync tier may have none) the call takes no time.
void DependencySlots::call(uint32_t caller, uint16_t done_kind, uint16_t aux) {
  const auto& dependency = model_.arch().dependency;
  Duration service =
      dependency ? dependency->service_time.sample(model_.streams().service) : Duration();
  model_.schedule(model_.now() + service, done_kind, caller, aux);
}

bool DependencySlots::call_failed() {
  const auto& dependency = model_.arch().dependency;
  return dependency && dependency->failure_rate > 0 &&
         model_.streams().failure.uniform() < dependency->failure_rate;
}

}  // namespace stackplan::sim
