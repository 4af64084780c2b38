// Synchronous architecture: the request holds its connection while it waits
// for a dependency slot and for the call itself. With per-process slots the
// load balancer spreads requests round-robin over the API processes.
#include "sim/model.h"
#include "sim/retry.h"

namespace stackplan::sim {

void Model::sync_on_request(uint32_t r) {
  ++result_.orders.accepted;
  ++tl_arrivals_;
  uint32_t pool = next_api_process_++ % static_cast<uint32_t>(pools_.size());
  requests_[r].pool = pool;
  sync_start(pool, r);
}

void Model::sync_start(uint32_t pool, uint32_t r) {
  if (requests_[r].cancelled) {
    finish_request(r);
    return;
  }
  take_slot(pool, r, kSyncServiceDone, static_cast<uint16_t>(pool));
}

void Model::sync_on_done(uint32_t r, uint16_t pool) {
  Request& req = requests_[r];
  bool failed = arch_.dependency && arch_.dependency->failure_rate > 0 &&
                rng_failure_.uniform() < arch_.dependency->failure_rate;
  if (failed && ++req.attempt < arch_.retry.max_attempts && !req.cancelled) {
    events_.schedule(now_ + retry_backoff(arch_.retry, req.attempt), kSyncRetry, r);
  } else {
    if (failed) {
      ++result_.orders.failed;
    } else {
      order_completed(req.sent_ns);
    }
    respond(r, !failed);
    finish_request(r);
  }
  sync_release(pool);
}

void Model::sync_release(uint32_t pool) {
  SlotPool& p = pools_[pool];
  ++p.free;
  while (!p.waiting.empty()) {
    uint32_t next = p.waiting.pop();
    if (!requests_[next].cancelled) {
      sync_start(pool, next);
      return;
    }
    finish_request(next);
  }
}

}  // namespace stackplan::sim
