#include "sim/async_pipeline.h"

#include <algorithm>

#include "sim/retry.h"

namespace stackplan::sim {

AsyncPipeline::AsyncPipeline(Model& model) : model_(model), arch_(model.arch()), slots_(model) {}

ComponentState AsyncPipeline::state() const {
  ComponentState s;
  s.visible = visible_count_;
  s.in_flight = in_flight_;
  s.active_workers = static_cast<uint64_t>(active_processes_);
  return s;
}

void AsyncPipeline::start() {
  const auto& as = arch_.autoscaling;
  int64_t initial = arch_.worker_processes;
  if (as.enabled) initial = std::clamp(initial, as.min_processes, as.max_processes);
  if (arch_.dependency && arch_.dependency->scope == Dependency::Scope::kGlobal) slots_.add_pool();
  for (int64_t i = 0; i < initial; ++i) {
    uint32_t p = add_process();
    processes_[p].active = true;
    processes_[p].billed = true;
    ++active_processes_;
    ++billed_processes_;
  }
  model_.result().resources.peak_workers = static_cast<uint64_t>(initial);
  for (uint32_t p = 0; p < processes_.size(); ++p) try_receive(p);
  if (as.enabled) model_.schedule(as.evaluation_period, kAutoscale, 0);
}

void AsyncPipeline::on_event(const Event& e) {
  switch (e.kind) {
    case kAcceptDone:
      accept(e.target);
      break;
    case kReceiveDone:
      on_receive_done(e.target);
      break;
    case kCpuDone:
    case kPaymentRetry:
      job_to_pool(e.target);
      break;
    case kPaymentDone:
      on_payment_done(e.target);
      break;
    case kVisibilityCheck:
      on_visibility_check();
      break;
    case kAutoscale:
      on_autoscale();
      break;
    case kTaskReady:
      on_task_ready(e.target);
      break;
    default:
      break;
  }
}

uint32_t AsyncPipeline::add_process() {
  WorkerProcess w;
  if (arch_.dependency && arch_.dependency->scope == Dependency::Scope::kPerProcess)
    w.pool = slots_.add_pool();
  processes_.push_back(w);
  return static_cast<uint32_t>(processes_.size() - 1);
}

void AsyncPipeline::submit(uint32_t r) {
  Duration latency = arch_.accept_latency.sample(model_.streams().accept);
  if (latency.ns() == 0) {
    accept(r);
  } else {
    model_.schedule(model_.now() + latency, kAcceptDone, r);
  }
}

void AsyncPipeline::accept(uint32_t r) {
  uint32_t m = messages_.acquire();
  messages_[m] = Message{};
  messages_[m].accepted = model_.now();
  messages_[m].order_id = next_order_id_++;
  auto& result = model_.result();
  ++result.orders.accepted;
  ++result.resources.messages;
  ++result.resources.queue_requests;
  model_.order_arrived();
  model_.respond(r, true);
  model_.finish_request(r);
  enqueue(m);
}

void AsyncPipeline::enqueue(uint32_t m) {
  visible_.push(VisibleEntry{m, messages_[m].order_id});
  ++visible_count_;
  note_visible_peak();
  wake_a_poller();
}

// A message whose visibility timeout expired. An SQS standard queue makes it
// available at once, and it is older than anything accepted since: the next
// receive takes it, while its first copy may still wait for a slot.
void AsyncPipeline::make_visible_again(uint32_t m) {
  if (arch_.queue.delivery == QueueConfig::Delivery::kFifo) {
    enqueue(m);
    return;
  }
  returned_.push_back(VisibleEntry{m, messages_[m].order_id});
  std::push_heap(returned_.begin(), returned_.end(), OldestOnTop{});
  ++visible_count_;
  note_visible_peak();
  wake_a_poller();
}

void AsyncPipeline::note_visible_peak() {
  auto& q = model_.result().queue;
  if (visible_count_ > q.peak_visible) {
    q.peak_visible = visible_count_;
    q.peak_visible_at = model_.now();
  }
}

// A long-polling process gets the new visible message at once.
void AsyncPipeline::wake_a_poller() {
  while (!idle_pollers_.empty()) {
    uint32_t p = idle_pollers_.pop();
    WorkerProcess& w = processes_[p];
    if (!w.receiving || !w.active || w.stopping) continue;  // stale entry
    if (arch_.queue.receive_latency.ns() > 0) {
      model_.schedule(model_.now() + arch_.queue.receive_latency, kReceiveDone, p);
    } else {
      w.receiving = false;
      try_receive(p);
    }
    break;
  }
}

// Issues receive calls while the process has room and messages are visible;
// with nothing visible it long-polls until enqueue() wakes it.
void AsyncPipeline::try_receive(uint32_t p) {
  for (;;) {
    WorkerProcess& w = processes_[p];
    if (!w.active || w.stopping || w.receiving || w.held >= arch_.worker_concurrency) return;
    w.receiving = true;
    if (visible_count_ == 0) {
      idle_pollers_.push(p);
      return;
    }
    if (arch_.queue.receive_latency.ns() > 0) {
      model_.schedule(model_.now() + arch_.queue.receive_latency, kReceiveDone, p);
      return;
    }
    on_receive_done(p);
  }
}

void AsyncPipeline::on_receive_done(uint32_t p) {
  WorkerProcess& w = processes_[p];
  w.receiving = false;
  if (!w.active || w.stopping) {
    stop_process_if_idle(p);
    return;
  }
  auto& result = model_.result();
  ++result.resources.queue_requests;
  int64_t room = std::min(arch_.queue.receive_batch, arch_.worker_concurrency - w.held);
  uint32_t m;
  for (int64_t i = 0; i < room && pop_visible(m); ++i) {
    Message& msg = messages_[m];
    msg.receipt = next_receipt_++;
    // A redelivery is a receive beyond the first, as SQS's receive count and
    // orderd's claims count it: a message made visible again and deleted before
    // anyone received it was not delivered twice.
    if (++msg.receive_count > 1) ++result.orders.redeliveries;
    ++in_flight_;
    receipts_.push(Receipt{model_.now() + arch_.queue.visibility_timeout, m, msg.receipt});
    if (!visibility_check_pending_) {
      visibility_check_pending_ = true;
      model_.schedule(receipts_.front().expires, kVisibilityCheck, 0);
    }
    uint32_t j = jobs_.acquire();
    jobs_[j] = Job{m, msg.order_id, msg.receipt, p, 0};
    ++processes_[p].held;
    start_job(j);
  }
  result.queue.peak_in_flight = std::max(result.queue.peak_in_flight, in_flight_);
  if (arch_.queue.receive_latency.ns() > 0) try_receive(p);
}

void AsyncPipeline::start_job(uint32_t j) {
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
  double work_ns = static_cast<double>(cpu.work.sample(model_.streams().service).ns());
  model_.schedule(model_.now() + Duration::clamped_delay_ns(work_ns / speed), kCpuDone, j);
}

void AsyncPipeline::job_to_pool(uint32_t j) {
  if (!arch_.dependency) {
    finish_job(j, true);
    return;
  }
  // An idempotent dependency answers a paid order's copy from its records.
  const Job& job = jobs_[j];
  const Message& msg = messages_[job.message];
  if (arch_.dependency->idempotent && (msg.order_id != job.order_id || msg.paid)) {
    finish_job(j, true);
    return;
  }
  slots_.take(processes_[jobs_[j].process].pool, j, kPaymentDone);
}

void AsyncPipeline::on_payment_done(uint32_t j) {
  Job& job = jobs_[j];
  bool failed = slots_.call_failed();
  slots_.release(processes_[job.process].pool, kPaymentDone);
  if (failed) {
    if (++job.attempt < arch_.retry.max_attempts) {
      model_.schedule(model_.now() + retry_backoff(arch_.retry, job.attempt), kPaymentRetry, j);
    } else {
      finish_job(j, false);  // leave the message: it returns after the timeout
    }
    return;
  }
  finish_job(j, true);
}

void AsyncPipeline::finish_job(uint32_t j, bool paid) {
  Job job = jobs_[j];
  jobs_.release(j);
  Message& msg = messages_[job.message];
  bool same_order = msg.order_id == job.order_id;  // message slots are reused
  auto& result = model_.result();
  if (paid) {
    if (!same_order || msg.paid) {
      if (arch_.dependency && arch_.dependency->idempotent) {
        ++result.orders.duplicates_refused;
      } else {
        ++result.orders.duplicates;  // charged again: the order was already paid
      }
    } else {
      msg.paid = true;
      model_.order_completed(msg.accepted);
    }
    ++result.resources.queue_requests;  // DeleteMessage
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
void AsyncPipeline::delete_message(uint32_t m) {
  Message& msg = messages_[m];
  if (msg.receipt != 0) {
    --in_flight_;
  } else {
    --visible_count_;
  }
  msg = Message{};  // receipt 0, order 0: stale receipts and jobs see it gone
  messages_.release(m);
  model_.order_settled();
}

// The oldest visible message: the front of visible_ (arrival order) or the
// top of returned_ (oldest first), whichever was accepted first. Entries whose
// message was deleted meanwhile are dropped on the way.
bool AsyncPipeline::pop_visible(uint32_t& m) {
  auto deleted = [this](const VisibleEntry& e) {
    return messages_[e.message].order_id != e.order_id;
  };
  while (!visible_.empty() && deleted(visible_.front())) visible_.pop();
  while (!returned_.empty() && deleted(returned_.front())) {
    std::pop_heap(returned_.begin(), returned_.end(), OldestOnTop{});
    returned_.pop_back();
  }
  bool from_returned = !returned_.empty() &&
                       (visible_.empty() || returned_.front().order_id < visible_.front().order_id);
  if (from_returned) {
    m = returned_.front().message;
    std::pop_heap(returned_.begin(), returned_.end(), OldestOnTop{});
    returned_.pop_back();
  } else if (!visible_.empty()) {
    m = visible_.pop().message;
  } else {
    return false;
  }
  --visible_count_;
  return true;
}

void AsyncPipeline::on_visibility_check() {
  visibility_check_pending_ = false;
  auto& result = model_.result();
  // Receipts already deleted are dropped on sight, so the next check waits for
  // the oldest live one: about one check per timeout, not one per message.
  while (!receipts_.empty()) {
    const Receipt& front = receipts_.front();
    Message& msg = messages_[front.message];
    if (msg.receipt != front.receipt) {  // deleted, or received again since
      receipts_.pop();
      continue;
    }
    if (front.expires > model_.now()) break;
    Receipt rc = receipts_.pop();
    msg.receipt = 0;
    --in_flight_;
    if (arch_.queue.max_receives > 0 &&
        msg.receive_count >= static_cast<uint32_t>(arch_.queue.max_receives)) {
      ++result.orders.dead_lettered;
      msg = Message{};
      messages_.release(rc.message);
      model_.order_settled();
    } else {
      make_visible_again(rc.message);
    }
  }
  if (!receipts_.empty()) {
    visibility_check_pending_ = true;
    model_.schedule(receipts_.front().expires, kVisibilityCheck, 0);
  }
}

}  // namespace stackplan::sim
