// Internal: the asynchronous architecture. The API accepts, enqueues and
// answers 202; worker processes receive batches from the queue, hold each
// message while it waits for a dependency slot and is processed, then delete
// it. A message not deleted within the visibility timeout becomes visible
// again and is delivered a second time while the first copy is still being
// worked on: that is where duplicate payments come from. The worker fleet
// may autoscale on queue depth (async_autoscale.cpp).
#pragma once

#include <cstdint>
#include <vector>

#include "sim/component.h"

namespace stackplan::sim {

// An accepted order travelling through the queue.
struct Message {
  SimTime accepted;
  uint64_t order_id = 0;  // unique for the run; slots are reused
  uint64_t receipt = 0;   // the newest receipt handle; 0: visible
  uint32_t receive_count = 0;
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

struct WorkerProcess {
  int64_t held = 0;        // messages received and not yet finished
  bool receiving = false;  // a receive call is outstanding or long-polling
  bool active = false;     // started and not stopping
  bool stopping = false;   // scale-in: finish held work, then stop
  bool billed = false;     // counts toward task-seconds
  uint32_t pool = 0;       // its dependency slot pool
};

// A message id in the visible queue, with its order so that an entry whose
// message was deleted meanwhile (and its slot reused) is recognised and skipped.
// Order ids are handed out in acceptance order, so the smaller id is the older
// message: the order id alone ranks entries by (accepted time, order id).
struct VisibleEntry {
  uint32_t message;
  uint64_t order_id;
};

// The heap order of returned messages (std::push_heap keeps the greatest on
// top, so "greater" here is "accepted earlier").
struct OldestOnTop {
  bool operator()(const VisibleEntry& a, const VisibleEntry& b) const {
    return a.order_id > b.order_id;
  }
};

struct Receipt {
  SimTime expires;
  uint32_t message;
  uint64_t receipt;
};

class AsyncPipeline final : public Component {
 public:
  explicit AsyncPipeline(Model& model);
  void start() override;
  void submit(uint32_t request) override;
  void on_event(const Event& e) override;
  bool drains() const override { return true; }
  ComponentState state() const override;
  size_t live_records() const override { return messages_.capacity(); }
  void finish_run() override;

 private:
  // API and queue (async_pipeline.cpp)
  void accept(uint32_t request);
  void enqueue(uint32_t message);
  void make_visible_again(uint32_t message);
  void wake_a_poller();
  void note_visible_peak();
  bool pop_visible(uint32_t& message);
  void delete_message(uint32_t message);
  void on_visibility_check();
  // workers (async_pipeline.cpp)
  void try_receive(uint32_t process);
  void on_receive_done(uint32_t process);
  void start_job(uint32_t job);
  void job_to_pool(uint32_t job);
  void on_payment_done(uint32_t job);
  void finish_job(uint32_t job, bool paid);
  uint32_t add_process();
  // fleet size and billing (async_autoscale.cpp)
  void on_autoscale();
  void on_task_ready(uint32_t process);
  void stop_process_if_idle(uint32_t process);
  void update_billing();

  Model& model_;
  const Architecture& arch_;
  DependencySlots slots_;

  Pool<Message> messages_;
  Pool<Job> jobs_;
  // Visible messages: new ones in arrival order, and, with delivery:
  // standard, those whose visibility timeout expired, oldest on top (a
  // std::*_heap over the vector, which keeps its capacity between pops).
  RingQueue<VisibleEntry> visible_;
  std::vector<VisibleEntry> returned_;
  uint64_t visible_count_ = 0;  // live entries in visible_ and returned_
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
};

}  // namespace stackplan::sim
