// Internal: the synchronous architecture. The request holds its connection
// while it waits for a dependency slot and for the call itself. With
// per-process slots the load balancer spreads requests round-robin over the
// API processes, each with its own pool.
#pragma once

#include <vector>

#include "sim/component.h"

namespace stackplan::sim {

class SyncTier final : public Component {
 public:
  explicit SyncTier(Model& model);
  void submit(uint32_t request) override;
  void on_event(const Event& e) override;
  bool drains() const override { return false; }  // nothing is left once clients stop
  void finish_run() override;

 private:
  void start_call(uint32_t pool, uint32_t request);
  void on_call_done(uint32_t request, uint16_t pool);
  void release(uint32_t pool);

  // A request's dependency call.
  struct Call {
    uint32_t pool = 0;     // its API process's slot pool
    uint16_t attempt = 0;  // calls made, less one
  };

  Model& model_;
  const Architecture& arch_;
  DependencySlots slots_;
  std::vector<Call> calls_;  // by request
  uint32_t next_api_process_ = 0;
};

}  // namespace stackplan::sim
