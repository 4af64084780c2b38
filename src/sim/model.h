// Internal: one simulation run. The Model is the clock, the event loop and the
// client side (closed users, open arrivals, patience, the Locust table and the
// order bookkeeping); what serves the requests is one Component per
// architecture (sync_tier.h, async_pipeline.h, serverless_functions.h), which
// the Model creates from the scenario and calls through component.h.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>

#include "core/rng.h"
#include "scenario/scenario.h"
#include "sim/event_queue.h"
#include "sim/result.h"
#include "sim/simulator.h"

namespace stackplan::sim {

class Component;

// Every event kind of a run. The client side handles its own; the rest go to
// the component, each of which handles only its architecture's kinds.
enum EventKind : uint16_t {
  // clients (model.cpp)
  kUserStart,
  kUserSend,
  kArrival,
  kClientTimeout,
  // sync (sync_tier.cpp)
  kSyncServiceDone,
  kSyncRetry,
  // async (async_pipeline.cpp, async_autoscale.cpp)
  kAcceptDone,
  kReceiveDone,
  kCpuDone,
  kPaymentDone,
  kPaymentRetry,
  kVisibilityCheck,
  kAutoscale,
  kTaskReady,
  // serverless (serverless_functions.cpp)
  kInvoke,
  kFunctionReady,
  kFunctionCallDone,
  kFunctionRetry,
};

inline constexpr uint32_t kNoUser = UINT32_MAX;

// A client request, from send to response. What a component keeps about the
// request it serves lives in the component, indexed by the same number.
struct Request {
  SimTime sent;
  uint32_t user = kNoUser;
  bool responded = false;      // the client has its answer (or gave up)
  bool cancelled = false;      // gave up while waiting in a queue: skip it
  bool timer_pending = false;  // a patience timer refers to this record
  bool finished = false;       // done, kept only until its timer fires
};

// Random streams the components share. Each is independent of the others, so
// that changing how one part draws does not shift the numbers another sees.
struct ComponentStreams {
  Rng service;  // dependency service times, CPU work, handler times
  Rng accept;   // the API's accept latency
  Rng failure;  // dependency failures
  Rng cold;     // serverless cold starts
};

class Model {
 public:
  Model(const Scenario& scenario, const SimOptions& options);
  ~Model();
  // An error when the backlog passes options.max_live_requests.
  Result<SimResult> run();

  // What components use.
  const Architecture& arch() const { return arch_; }
  SimTime now() const { return now_; }
  Duration traffic_time() const { return traffic_end_; }
  void schedule(SimTime at, uint16_t kind, uint32_t target, uint16_t aux = 0) {
    events_.schedule(at, kind, target, aux);
  }
  ComponentStreams& streams() { return streams_; }
  SimResult& result() { return result_; }
  const Request& request(uint32_t r) { return requests_[r]; }
  // The client gets its answer; its latency counts if it arrives in the run.
  void respond(uint32_t request, bool ok);
  // The component is done with the request record.
  void finish_request(uint32_t request);
  void order_arrived() { ++tl_arrivals_; }  // an order entered the system
  void order_completed(SimTime accepted);
  void order_settled();  // an accepted order left the system, paid or not

 private:
  void start_traffic();
  void dispatch(const Event& e);
  void on_user_send(uint32_t user);
  void on_arrival();
  void schedule_next_arrival(SimTime from, bool first);
  void send_request(uint32_t user);
  void on_client_timeout(uint32_t request);
  void user_think(uint32_t user);
  void note_traffic_end();
  bool cancelled_after_poll();
  void stop_cancelled(bool traffic_end_seen);
  void sample_timeline();
  bool counted(SimTime t) const { return t <= count_until_; }

  const Architecture& arch_;
  const Traffic& traffic_;
  SimOptions options_;
  SimResult result_;
  std::unique_ptr<Component> component_;

  SimTime now_;
  SimTime traffic_end_;  // no new requests after this
  SimTime count_until_;  // responses after this are not counted (Locust)
  SimTime stop_at_;      // hard end: traffic end + drain limit
  EventQueue events_;
  Rng rng_arrivals_, rng_wait_;
  ComponentStreams streams_;

  Pool<Request> requests_;
  uint64_t outstanding_orders_ = 0;  // accepted by a draining component, not yet settled
  SimTime last_settled_;
  size_t open_segment_ = 0;
  std::chrono::steady_clock::time_point last_progress_ = std::chrono::steady_clock::now();

  // timeline
  int64_t next_sample_s_ = 0;
  uint64_t tl_arrivals_ = 0, tl_completions_ = 0;
};

}  // namespace stackplan::sim
