// Internal: what serves the clients' requests, one implementation per
// architecture, and the dependency slots they all share.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "sim/event_queue.h"
#include "sim/model.h"

namespace stackplan::sim {

// What the timeline and the end-of-traffic backlog read from a component.
struct ComponentState {
  uint64_t visible = 0;         // messages waiting in the queue
  uint64_t in_flight = 0;       // messages received and not yet deleted
  uint64_t busy_instances = 0;  // function instances at work
  uint64_t active_workers = 0;  // worker processes receiving
};

class Component {
 public:
  virtual ~Component() = default;
  // Before the first request: start processes, schedule periodic checks.
  virtual void start() {}
  // A client sent this request (the record is Model::request(request)).
  virtual void submit(uint32_t request) = 0;
  // One of the component's own event kinds came due.
  virtual void on_event(const Event& e) = 0;
  // True when accepted orders outlive the client's request (a queue, an
  // async invocation): the run then drains them after traffic stops.
  virtual bool drains() const = 0;
  virtual ComponentState state() const { return {}; }
  // Records alive besides requests (queued messages), for the backlog bound.
  virtual size_t live_records() const { return 0; }
  // At the end of the run: add the resources used to the result.
  virtual void finish_run() {}
};

// A component's own record of each request it serves, indexed like the
// Model's requests (whose numbers are recycled): reset on submit.
template <typename T>
T& fresh_record(std::vector<T>& records, uint32_t request) {
  if (request >= records.size()) records.resize(request + 1);
  records[request] = T{};
  return records[request];
}

// The architecture the scenario describes.
std::unique_ptr<Component> make_component(Model& model);

// Concurrency slots of the dependency (the payment processor), in one or
// more pools, with the callers waiting for one. A caller is whatever index
// its component gives it (a request, a job).
class DependencySlots {
 public:
  explicit DependencySlots(Model& model) : model_(model) {}
  // A pool with `slots` slots (unbounded without a dependency); its index.
  uint32_t add_pool();
  size_t pools() const { return pools_.size(); }
  // Takes a slot of `pool` for the caller's call, which then completes with
  // `done_kind`; without a free slot the caller waits its turn.
  void take(uint32_t pool, uint32_t caller, uint16_t done_kind, uint16_t aux = 0);
  // Frees a slot, or hands it straight to the next waiter, whose call then
  // completes with `done_kind`.
  void release(uint32_t pool, uint16_t done_kind);
  // Frees a slot; the component hands it on itself (see SyncTier).
  void free_slot(uint32_t pool) { ++pools_[pool].free; }
  bool has_waiter(uint32_t pool) const { return !pools_[pool].waiting.empty(); }
  uint32_t pop_waiter(uint32_t pool) { return pools_[pool].waiting.pop(); }
  // Whether the call that just completed failed.
  bool call_failed();

 private:
  struct Pool {
    int64_t free = 0;
    RingQueue<uint32_t> waiting;
  };
  void call(uint32_t caller, uint16_t done_kind, uint16_t aux);

  Model& model_;
  std::vector<Pool> pools_;
};

}  // namespace stackplan::sim
