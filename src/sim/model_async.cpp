// Asynchronous architecture: the API accepts, enqueues and answers 202; worker
// processes receive batches from the queue, hold each message while it waits
// for a dependency slot and is processed, then delete it. A message not
// deleted within the visibility timeout becomes visible again and is
// delivered a second time while the first copy is still being worked on:
// that is where duplicate payments come from.
#include <algorithm>
#include <cmath>

#include "sim/model.h"
#include "sim/retry.h"

namespace stackplan::sim {

void Model::async_init() {
  const auto& as = arch_.autoscaling;
  int64_t initial = arch_.worker_processes;
  if (as.enabled) initial = std::clamp(initial, as.min_processes, as.max_processes);
  if (arch_.dependency && arch_.dependency->scope == Dependency::Scope::kGlobal) {
    pools_.resize(1);
    pools_[0].free = arch_.dependency->slots;
  }
  for (int64_t i = 0; i < initial; ++i) {
    uint32_t p = add_process();
    processes_[p].active = true;
    processes_[p].billed = true;
    ++active_processes_;
    ++billed_processes_;
  }
  result_.resources.peak_workers = static_cast<uint64_t>(initial);
  for (uint32_t p = 0; p < processes_.size(); ++p) try_receive(p);
  if (as.enabled) events_.schedule(as.evaluation_period, kAutoscale, 0);
}

uint32_t Model::add_process() {
  WorkerProcess w;
  if (arch_.dependency && arch_.dependency->scope == Dependency::Scope::kPerProcess) {
    w.pool = static_cast<uint32_t>(pools_.size());
    pools_.emplace_back();
    pools_.back().free = arch_.dependency->slots;
  }
  processes_.push_back(w);
  return static_cast<uint32_t>(processes_.size() - 1);
}

void Model::async_on_request(uint32_t r) {
  Duration accept = draw(arch_.accept_latency, rng_accept_);
  if (accept.ns() == 0) {
    async_accept(r);
  } else {
    events_.schedule(now_ + accept, kAcceptDone, r);
  }
}

void Model::async_accept(uint32_t r) {
  uint32_t m = messages_.acquire();
  messages_[m] = Message{};
  messages_[m].accepted_ns = now_.ns();
  messages_[m].order_id = next_order_id_++;
  ++result_.orders.accepted;
  ++result_.resources.messages;
  ++result_.resources.queue_requests;
  ++tl_arrivals_;
  respond(r, true);
  finish_request(r);
  enqueue(m);
}

void Model::enqueue(uint32_t m) {
  visible_.push(VisibleEntry{m, messages_[m].order_id});
  ++visible_count_;
  auto& q = result_.queue;
  if (visible_count_ > q.peak_visible) {
    q.peak_visible = visible_count_;
    q.peak_visible_at = now_;
  }
  // A long-polling process gets the message at once.
  while (!idle_pollers_.empty()) {
    uint32_t p = idle_pollers_.pop();
    WorkerProcess& w = processes_[p];
    if (!w.receiving || !w.active || w.stopping) continue;  // stale entry
    if (arch_.queue.receive_latency.ns() > 0) {
      events_.schedule(now_ + arch_.queue.receive_latency, kReceiveDone, p);
    } else {
      w.receiving = false;
      try_receive(p);
    }
    break;
  }
}

// Issues receive calls while the process has room and messages are visible;
// with nothing visible it long-polls until enqueue() wakes it.
void Model::try_receive(uint32_t p) {
  for (;;) {
    WorkerProcess& w = processes_[p];
    if (!w.active || w.stopping || w.receiving || w.held >= arch_.worker_concurrency) return;
    w.receiving = true;
    if (visible_count_ == 0) {
      idle_pollers_.push(p);
      return;
    }
    if (arch_.queue.receive_latency.ns() > 0) {
      events_.schedule(now_ + arch_.queue.receive_latency, kReceiveDone, p);
      return;
    }
    on_receive_done(p, 0);
  }
}

void Model::on_receive_done(uint32_t p, uint16_t /*unused*/) {
  WorkerProcess& w = processes_[p];
  w.receiving = false;
  if (!w.active || w.stopping) {
    stop_process_if_idle(p);
    return;
  }
  ++result_.resources.queue_requests;
  int64_t room = std::min(arch_.queue.receive_batch, arch_.worker_concurrency - w.held);
  uint32_t m;
  for (int64_t i = 0; i < room && pop_visible(m); ++i) {
    Message& msg = messages_[m];
    msg.receipt = next_receipt_++;
    ++msg.receive_count;
    ++in_flight_;
    receipts_.push(Receipt{(now_ + arch_.queue.visibility_timeout).ns(), m, msg.receipt});
    if (!visibility_check_pending_) {
      visibility_check_pending_ = true;
      events_.schedule(SimTime::nanoseconds(receipts_.front().expires_ns), kVisibilityCheck, 0);
    }
    uint32_t j = jobs_.acquire();
    jobs_[j] = Job{m, msg.order_id, msg.receipt, p, 0};
    ++processes_[p].held;
    start_job(j);
  }
  result_.queue.peak_in_flight = std::max(result_.queue.peak_in_flight, in_flight_);
  if (arch_.queue.receive_latency.ns() > 0) try_receive(p);
}

void Model::start_job(uint32_t j) {
  if (!arch_.cpu) {
    job_to_pool(j);
    return;
  }
  // Concurrent jobs share the process's vCPUs; above one vCPU a job speeds
  // up by Amdahl's law.
  const CpuWork& cpu = *arch_.cpu;
  double share = cpu.vcpu / static_cast<double>(arch_.worker_concurrency);
  double speed =
      share <= 1 ? share : 1 / ((1 - cpu.parallel_fraction) + cpu.parallel_fraction / share);
  double work_ns = static_cast<double>(draw(cpu.work, rng_service_).ns());
  events_.schedule(now_ + Duration::clamped_delay_ns(work_ns / speed), kCpuDone, j);
}

void Model::job_to_pool(uint32_t j) {
  if (!arch_.dependency) {
    finish_job(j, true);
    return;
  }
  take_slot(processes_[jobs_[j].process].pool, j, kPaymentDone);
}

void Model::on_payment_done(uint32_t j) {
  Job& job = jobs_[j];
  uint32_t pool = processes_[job.process].pool;
  bool failed =
      arch_.dependency->failure_rate > 0 && rng_failure_.uniform() < arch_.dependency->failure_rate;
  release_slot(pool, kPaymentDone);
  if (failed) {
    if (++job.attempt < arch_.retry.max_attempts) {
      events_.schedule(now_ + retry_backoff(arch_.retry, job.attempt), kPaymentRetry, j);
    } else {
      finish_job(j, false);  // leave the message: it returns after the timeout
    }
    return;
  }
  finish_job(j, true);
}

void Model::finish_job(uint32_t j, bool paid) {
  Job job = jobs_[j];
  jobs_.release(j);
  Message& msg = messages_[job.message];
  bool same_order = msg.order_id == job.order_id;  // message slots are reused
  if (paid) {
    if (!same_order || msg.paid) {
      ++result_.orders.duplicates;  // charged again: the order was already paid
    } else {
      msg.paid = true;
      order_completed(msg.accepted_ns);
    }
    ++result_.resources.queue_requests;  // DeleteMessage
    // With a stale receipt (delivered again since) the delete removes the
    // message only where the queue honours old receipts.
    if (same_order && (msg.receipt == job.receipt || arch_.queue.stale_receipt_deletes))
      delete_message(job.message);
  }
  --processes_[job.process].held;
  stop_process_if_idle(job.process);
  try_receive(job.process);
}

// Removes a message, wherever it is: in flight, or visible again (its entry
// in visible_ is skipped later).
void Model::delete_message(uint32_t m) {
  Message& msg = messages_[m];
  if (msg.receipt != 0) {
    --in_flight_;
  } else {
    --visible_count_;
  }
  msg = Message{};  // receipt 0, order 0: stale receipts and jobs see it gone
  messages_.release(m);
  order_settled();
}

bool Model::pop_visible(uint32_t& m) {
  while (!visible_.empty()) {
    VisibleEntry e = visible_.pop();
    if (messages_[e.message].order_id != e.order_id) continue;  // deleted meanwhile
    --visible_count_;
    m = e.message;
    return true;
  }
  return false;
}

// Frees a dependency slot, or hands it straight to the next waiter, whose
// call then completes with `done_kind` (kPaymentDone, kFunctionCallDone).
void Model::release_slot(uint32_t pool, uint16_t done_kind) {
  SlotPool& p = pools_[pool];
  if (p.waiting.empty()) {
    ++p.free;
    return;
  }
  call_dependency(p.waiting.pop(), done_kind);
}

void Model::take_slot(uint32_t pool, uint32_t caller, uint16_t done_kind, uint16_t aux) {
  SlotPool& p = pools_[pool];
  if (p.free == 0) {
    p.waiting.push(caller);
    return;
  }
  --p.free;
  call_dependency(caller, done_kind, aux);
}

// Without a dependency (a sync tier may have none) the call takes no time.
void Model::call_dependency(uint32_t caller, uint16_t done_kind, uint16_t aux) {
  Duration service =
      arch_.dependency ? draw(arch_.dependency->service_time, rng_service_) : Duration();
  events_.schedule(now_ + service, done_kind, caller, aux);
}

void Model::on_visibility_check() {
  visibility_check_pending_ = false;
  // Receipts already deleted are dropped on sight, so the next check waits for
  // the oldest live one: about one check per timeout, not one per message.
  while (!receipts_.empty()) {
    const Receipt& front = receipts_.front();
    Message& msg = messages_[front.message];
    if (msg.receipt != front.receipt) {  // deleted, or received again since
      receipts_.pop();
      continue;
    }
    if (front.expires_ns > now_.ns()) break;
    Receipt rc = receipts_.pop();
    msg.receipt = 0;
    --in_flight_;
    ++result_.orders.redeliveries;
    if (arch_.queue.max_receives > 0 &&
        msg.receive_count >= static_cast<uint32_t>(arch_.queue.max_receives)) {
      ++result_.orders.dead_lettered;
      msg = Message{};
      messages_.release(rc.message);
      order_settled();
    } else {
      enqueue(rc.message);
    }
  }
  if (!receipts_.empty()) {
    visibility_check_pending_ = true;
    events_.schedule(SimTime::nanoseconds(receipts_.front().expires_ns), kVisibilityCheck, 0);
  }
}
}  // namespace stackplan::sim
