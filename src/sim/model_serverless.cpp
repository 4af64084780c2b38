// Serverless architecture: each request (sync) or event (async) invokes a
// function instance. A warm idle instance is reused (the most recently idle
// first); otherwise a new one starts with a cold start, up to the concurrency
// limit, beyond which the invocation is throttled: a sync caller gets a 429,
// an async event is retried with backoff. Instances idle longer than
// idle_reclaim are reclaimed. Billed duration is rounded up to 1 ms; the
// dependency's slots are one shared (global) pool.
#include <algorithm>
#include <cmath>

#include "sim/model.h"
#include "sim/retry.h"

namespace stackplan::sim {

namespace {
constexpr int64_t kNsPerMs = 1'000'000;
}

void Model::fn_on_request(uint32_t r) {
  const auto& fn = arch_.function;
  requests_[r].accepted_ns = now_.ns();
  ++tl_arrivals_;
  if (!fn.async_invoke) {
    fn_invoke(r, 0);
    return;
  }
  // Async: the API (or event source) takes the event after accept_latency,
  // answers 202 and invokes the function (see fn_invoke, attempt 0).
  events_.schedule(now_ + draw(arch_.accept_latency, rng_accept_), kInvoke, r, 0);
}

void Model::fn_invoke(uint32_t r, uint16_t attempt) {
  const auto& fn = arch_.function;
  Request& req = requests_[r];
  if (fn.async_invoke && attempt == 0) {
    ++result_.orders.accepted;
    respond(r, true);
  }
  if (req.cancelled) {
    order_settled();
    finish_request(r);
    return;
  }
  // Reclaim instances idle for too long, oldest first.
  while (idle_front_ < idle_instances_.size() &&
         now_.ns() - idle_instances_[idle_front_].idle_since_ns >= fn.idle_reclaim.ns())
    ++idle_front_;
  int64_t idle = static_cast<int64_t>(idle_instances_.size() - idle_front_);
  ++result_.resources.function_invocations;
  if (idle > 0) {
    idle_instances_.pop_back();
    if (idle_front_ >= idle_instances_.size()) {
      idle_instances_.clear();
      idle_front_ = 0;
    }
    ++busy_instances_;
    req.cold = false;
    req.billed_from_ns = now_.ns();
    fn_on_ready(r);
    return;
  }
  if (busy_instances_ < fn.concurrency_limit) {
    ++busy_instances_;
    ++result_.resources.cold_starts;
    result_.resources.peak_instances =
        std::max(result_.resources.peak_instances, static_cast<uint64_t>(busy_instances_));
    req.cold = true;
    req.billed_from_ns = now_.ns();
    events_.schedule(now_ + draw(fn.cold_start, rng_cold_), kFunctionReady, r);
    return;
  }
  // Throttled.
  --result_.resources.function_invocations;
  ++result_.resources.throttles;
  if (!fn.async_invoke) {
    ++result_.orders.failed;
    respond(r, false);
    order_settled();
    finish_request(r);
    return;
  }
  const auto& retry = fn.throttle_retry;
  if (attempt + 1 >= retry.max_attempts) {
    ++result_.orders.dead_lettered;
    order_settled();
    finish_request(r);
    return;
  }
  events_.schedule(now_ + retry_backoff(retry, attempt + 1), kInvoke, r,
                   static_cast<uint16_t>(std::min<int>(attempt + 1, UINT16_MAX)));
}

// The instance is initialised: run the handler, then call the dependency.
void Model::fn_on_ready(uint32_t r) {
  Request& req = requests_[r];
  if (!arch_.function.bill_init && req.cold) req.billed_from_ns = now_.ns();
  Duration handler = draw(arch_.function.handler_time, rng_service_);
  if (!arch_.dependency) {
    events_.schedule(now_ + handler, kFunctionCallDone, r);
    return;
  }
  if (handler.ns() > 0) {
    events_.schedule(now_ + handler, kFunctionRetry, r);
    return;
  }
  fn_start_call(r);
}

void Model::fn_start_call(uint32_t r) { take_slot(0, r, kFunctionCallDone); }

void Model::fn_on_call_done(uint32_t r) {
  Request& req = requests_[r];
  bool failed = false;
  if (arch_.dependency) {
    failed = arch_.dependency->failure_rate > 0 &&
             rng_failure_.uniform() < arch_.dependency->failure_rate;
    release_slot(0, kFunctionCallDone);
    if (failed && ++req.attempt < arch_.retry.max_attempts) {
      events_.schedule(now_ + retry_backoff(arch_.retry, req.attempt), kFunctionRetry, r);
      return;
    }
  }
  fn_finish(r, !failed);
}

void Model::fn_finish(uint32_t r, bool ok) {
  const auto& fn = arch_.function;
  Request& req = requests_[r];
  // Billing: rounded up to the next millisecond.
  int64_t ms = (now_.ns() - req.billed_from_ns + kNsPerMs - 1) / kNsPerMs;
  result_.resources.function_billed_ms += static_cast<uint64_t>(ms);
  result_.resources.function_gb_seconds += fn.memory_gb * static_cast<double>(ms) / 1000.0;
  --busy_instances_;
  idle_instances_.push_back(Instance{now_.ns()});
  if (idle_front_ > 0 && idle_front_ * 2 > idle_instances_.size()) {
    idle_instances_.erase(idle_instances_.begin(),
                          idle_instances_.begin() + static_cast<ptrdiff_t>(idle_front_));
    idle_front_ = 0;
  }
  if (!fn.async_invoke) ++result_.orders.accepted;
  if (ok) {
    order_completed(req.accepted_ns);
  } else if (fn.async_invoke) {
    ++result_.orders.dead_lettered;
  } else {
    ++result_.orders.failed;
  }
  if (!fn.async_invoke) respond(r, ok);
  order_settled();
  finish_request(r);
}

}  // namespace stackplan::sim
