// Internal: the state and event handlers of one simulation run. One class
// holds the shared machinery (clock, event list, clients, metrics); each
// architecture's handlers live in their own file (model_sync.cpp,
// model_async.cpp, model_serverless.cpp).
#pragma once

#include <cstdint>
#include <vector>

#include "core/rng.h"
#include "scenario/scenario.h"
#include "sim/event_queue.h"
#include "sim/result.h"
#include "sim/simulator.h"

namespace stackplan::sim {

enum EventKind : uint16_t {
  // clients (model.cpp)
  kUserStart,
  kUserSend,
  kArrival,
  kClientTimeout,
  // sync (model_sync.cpp)
  kSyncServiceDone,
  kSyncRetry,
  // async (model_async.cpp)
  kAcceptDone,
  kReceiveDone,
  kCpuDone,
  kPaymentDone,
  kPaymentRetry,
  kVisibilityCheck,
  kAutoscale,
  kTaskReady,
  // serverless (model_serverless.cpp)
  kInvoke,
  kFunctionReady,
  kFunctionCallDone,
  kFunctionRetry,
};

inline constexpr uint32_t kNoUser = UINT32_MAX;
inline constexpr uint32_t kNone = UINT32_MAX;

// A client request, from send to response (and, for sync, the order itself).
struct Request {
  int64_t sent_ns = 0;
  uint32_t user = kNoUser;
  int64_t accepted_ns = 0;     // serverless: when the order was taken
  int64_t billed_from_ns = 0;  // serverless: when its instance started work
  uint32_t pool = 0;           // sync: the API process's slot pool
  uint16_t attempt = 0;
  bool cold = false;           // serverless: this invocation started an instance
  bool responded = false;      // the client has its answer (or gave up)
  bool cancelled = false;      // gave up while waiting in a queue: skip it
  bool timer_pending = false;  // a patience timer refers to this record
  bool finished = false;       // done, kept only until its timer fires
};

// An accepted order travelling through the queue (async).
struct Message {
  int64_t accepted_ns = 0;
  uint64_t order_id = 0;  // unique for the run; slots are reused
  uint64_t receipt = 0;   // the newest receipt handle; 0: visible
  uint32_t receive_count = 0;
  uint32_t payments = 0;
  bool paid = false;
};

// A copy of a message held by a worker process.
struct Job {
  uint32_t message = 0;
  uint64_t order_id = 0;
  uint64_t receipt = 0;
  uint32_t process = 0;
  uint16_t attempt = 0;
};

// Concurrency slots of the dependency, with the jobs waiting for one.
struct SlotPool {
  int64_t free = 0;
  RingQueue<uint32_t> waiting;  // job or request indices
};

struct WorkerProcess {
  int64_t held = 0;        // messages received and not yet finished
  bool receiving = false;  // a receive call is outstanding or long-polling
  bool active = false;     // started and not stopping
  bool stopping = false;   // scale-in: finish held work, then stop
  bool billed = false;     // counts toward task-seconds
  uint32_t pool = 0;       // its SlotPool
};

// A message id in the visible queue, with its order so that an entry whose
// message was deleted meanwhile (and its slot reused) is recognised and skipped.
struct VisibleEntry {
  uint32_t message;
  uint64_t order_id;
};

struct Receipt {
  int64_t expires_ns;
  uint32_t message;
  uint64_t receipt;
};

// A serverless function instance.
struct Instance {
  int64_t idle_since_ns = 0;
};

class Model {
 public:
  Model(const Scenario& scenario, const SimOptions& options);
  // An error when the backlog passes options.max_live_requests.
  Result<SimResult> run();

 private:
  // model.cpp: clients, clock, bookkeeping
  void start_traffic();
  void dispatch(const Event& e);
  void on_user_send(uint32_t user);
  void on_arrival();
  void schedule_next_arrival(SimTime from, bool first);
  void send_request(uint32_t user);
  void on_client_timeout(uint32_t request);
  // The client gets its answer; its latency counts if it arrives in the run.
  void respond(uint32_t request, bool ok);
  void finish_request(uint32_t request);
  void user_think(uint32_t user);
  void order_completed(int64_t accepted_ns);
  void order_settled();  // an accepted order left the system, paid or not
  void update_billing();
  void sample_timeline();
  bool traffic_over() const { return now_.ns() >= traffic_end_.ns(); }
  bool counted(SimTime t) const { return t.ns() <= count_until_.ns(); }
  // Draws from a distribution with the given stream.
  Duration draw(const Distribution& d, Rng& rng) { return d.sample(rng); }

  // model_sync.cpp
  void sync_on_request(uint32_t request);
  void sync_start(uint32_t pool, uint32_t request);
  void sync_on_done(uint32_t request, uint16_t pool);
  void sync_release(uint32_t pool);

  // model_async.cpp
  void async_init();
  void async_on_request(uint32_t request);
  void async_accept(uint32_t request);
  void enqueue(uint32_t message);
  void try_receive(uint32_t process);
  void on_receive_done(uint32_t process, uint16_t count);
  void start_job(uint32_t job);
  void job_to_pool(uint32_t job);
  void on_payment_done(uint32_t job);
  void finish_job(uint32_t job, bool paid);
  // Dependency slots, shared by every architecture: a call takes a slot of
  // its pool (or waits for one) and completes with `done_kind`.
  void take_slot(uint32_t pool, uint32_t caller, uint16_t done_kind, uint16_t aux = 0);
  void release_slot(uint32_t pool, uint16_t done_kind);
  void call_dependency(uint32_t caller, uint16_t done_kind, uint16_t aux = 0);
  void on_visibility_check();
  void on_autoscale();
  void on_task_ready(uint32_t process);
  void stop_process_if_idle(uint32_t process);
  uint32_t add_process();
  bool pop_visible(uint32_t& message);
  void delete_message(uint32_t message);

  // model_serverless.cpp
  void fn_on_request(uint32_t request);
  void fn_invoke(uint32_t request, uint16_t attempt);
  void fn_on_ready(uint32_t request);
  void fn_start_call(uint32_t request);
  void fn_on_call_done(uint32_t request);
  void fn_finish(uint32_t request, bool ok);

  const Scenario& scenario_;
  const Architecture& arch_;
  const Traffic& traffic_;
  SimOptions options_;
  SimResult result_;

  SimTime now_;
  SimTime traffic_end_;  // no new requests after this
  SimTime count_until_;  // responses after this are not counted (Locust)
  SimTime stop_at_;      // hard end: traffic end + drain limit
  EventQueue events_;
  Rng rng_arrivals_, rng_wait_, rng_service_, rng_accept_, rng_failure_, rng_cold_;

  Pool<Request> requests_;
  uint64_t outstanding_orders_ = 0;  // sent (async, serverless), not yet settled
  SimTime last_settled_;
  size_t open_segment_ = 0;

  // sync and async: dependency slot pools
  std::vector<SlotPool> pools_;
  uint32_t next_api_process_ = 0;

  // async
  Pool<Message> messages_;
  Pool<Job> jobs_;
  RingQueue<VisibleEntry> visible_;
  uint64_t visible_count_ = 0;  // live entries in visible_
  RingQueue<Receipt> receipts_;
  bool visibility_check_pending_ = false;
  uint64_t next_receipt_ = 1, next_order_id_ = 1;
  uint64_t in_flight_ = 0;  // received, not deleted, not expired
  std::vector<WorkerProcess> processes_;
  RingQueue<uint32_t> idle_pollers_;  // processes long-polling an empty queue
  int64_t active_processes_ = 0, starting_processes_ = 0, billed_processes_ = 0;
  SimTime last_billing_;
  SimTime last_scale_action_;
  bool has_scaled_ = false;

  // serverless
  std::vector<Instance> idle_instances_;  // a stack: most recently idle last
  size_t idle_front_ = 0;                 // instances before this are reclaimed
  int64_t busy_instances_ = 0;

  // timeline
  int64_t next_sample_s_ = 0;
  uint64_t tl_arrivals_ = 0, tl_completions_ = 0;
};

}  // namespace stackplan::sim
