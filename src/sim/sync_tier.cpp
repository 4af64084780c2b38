#include "sim/sync_tier.h"

#include "sim/retry.h"

namespace stackplan::sim {

SyncTier::SyncTier(Model& model) : model_(model), arch_(model.arch()), slots_(model) {
  int64_t pools = arch_.dependency && arch_.dependency->scope == Dependency::Scope::kPerProcess
                      ? arch_.api_processes
                      : 1;
  for (int64_t i = 0; i < pools; ++i) slots_.add_pool();
}

void SyncTier::submit(uint32_t r) {
  ++model_.result().orders.accepted;
  model_.order_arrived();
  uint32_t pool = next_api_process_++ % static_cast<uint32_t>(slots_.pools());
  fresh_record(calls_, r).pool = pool;
  start_call(pool, r);
}

void SyncTier::on_event(const Event& e) {
  if (e.kind == kSyncServiceDone) {
    on_call_done(e.target, e.aux);
  } else if (e.kind == kSyncRetry) {
    start_call(calls_[e.target].pool, e.target);
  }
}

void SyncTier::start_call(uint32_t pool, uint32_t r) {
  if (model_.request(r).cancelled) {
    model_.finish_request(r);
    return;
  }
  slots_.take(pool, r, kSyncServiceDone, static_cast<uint16_t>(pool));
}

void SyncTier::on_call_done(uint32_t r, uint16_t pool) {
  const Request& req = model_.request(r);
  Call& call = calls_[r];
  bool failed = slots_.call_failed();
  if (failed && ++call.attempt < arch_.retry.max_attempts && !req.cancelled) {
    model_.schedule(model_.now() + retry_backoff(arch_.retry, call.attempt), kSyncRetry, r);
  } else {
    if (failed) {
      ++model_.result().orders.failed;
    } else {
      model_.order_completed(req.sent);
    }
    model_.respond(r, !failed);
    model_.finish_request(r);
  }
  release(pool);
}

// The slot goes to the next waiter still waiting: the customers who gave up
// meanwhile are dropped on the way.
void SyncTier::release(uint32_t pool) {
  slots_.free_slot(pool);
  while (slots_.has_waiter(pool)) {
    uint32_t next = slots_.pop_waiter(pool);
    if (!model_.request(next).cancelled) {
      start_call(pool, next);
      return;
    }
    model_.finish_request(next);
  }
}

void SyncTier::finish_run() {
  model_.result().resources.task_seconds["api"] =
      static_cast<double>(arch_.api_processes) * model_.traffic_time().seconds_f();
}

}  // namespace stackplan::sim
