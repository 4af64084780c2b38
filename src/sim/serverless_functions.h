// Internal: the serverless architecture. Each request (sync invoke) or event
// (async invoke) invokes a function instance. A warm idle instance is reused
// (the most recently idle first); otherwise a new one starts with a cold
// start, up to the concurrency limit, beyond which the invocation is
// throttled: a sync caller gets a 429, an async event is retried with
// backoff. Instances idle longer than idle_reclaim are reclaimed. Billed
// duration is rounded up to 1 ms; the dependency's slots are one shared
// (global) pool.
#pragma once

#include <vector>

#include "sim/component.h"

namespace stackplan::sim {

class ServerlessFunctions final : public Component {
 public:
  explicit ServerlessFunctions(Model& model);
  void submit(uint32_t request) override;
  void on_event(const Event& e) override;
  bool drains() const override { return true; }
  ComponentState state() const override;

 private:
  void invoke(uint32_t request, uint16_t attempt);
  bool take_idle_instance();
  void throttled(uint32_t request, uint16_t attempt);
  void on_ready(uint32_t request);
  void start_call(uint32_t request);
  void on_call_done(uint32_t request);
  void finish(uint32_t request, bool ok);
  void instance_idle();

  // A request's invocation.
  struct Invocation {
    SimTime billed_from;   // when its instance started work
    uint16_t attempt = 0;  // dependency calls made, less one
    bool cold = false;     // it started an instance
  };

  Model& model_;
  const Architecture& arch_;
  const FunctionConfig& fn_;
  DependencySlots slots_;
  std::vector<Invocation> invocations_;  // by request
  std::vector<SimTime> idle_since_;      // idle instances, a stack: most recently idle last
  size_t idle_front_ = 0;                // instances before this are reclaimed
  int64_t busy_instances_ = 0;
};

}  // namespace stackplan::sim
