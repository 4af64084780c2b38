#include "sim/serverless_functions.h"

#include <algorithm>

#include "sim/retry.h"

namespace stackplan::sim {

namespace {
constexpr int64_t kNsPerMs = 1'000'000;
constexpr double kMsPerSecond = 1000.0;
}  // namespace

ServerlessFunctions::ServerlessFunctions(Model& model)
    : model_(model), arch_(model.arch()), fn_(arch_.function), slots_(model) {
  slots_.add_pool();
}

ComponentState ServerlessFunctions::state() const {
  ComponentState s;
  s.busy_instances = static_cast<uint64_t>(busy_instances_);
  return s;
}

void ServerlessFunctions::on_event(const Event& e) {
  switch (e.kind) {
    case kInvoke:
      invoke(e.target, e.aux);
      break;
    case kFunctionReady:
      on_ready(e.target);
      break;
    case kFunctionCallDone:
      on_call_done(e.target);
      break;
    case kFunctionRetry:
      start_call(e.target);
      break;
    default:
      break;
  }
}

void ServerlessFunctions::submit(uint32_t r) {
  fresh_record(invocations_, r);
  model_.order_arrived();
  if (!fn_.async_invoke) {
    invoke(r, 0);
    return;
  }
  // Async: the API (or event source) takes the event after accept_latency,
  // answers 202 and invokes the function (see invoke, attempt 0).
  model_.schedule(model_.now() + arch_.accept_latency.sample(model_.streams().accept), kInvoke, r,
                  0);
}

void ServerlessFunctions::invoke(uint32_t r, uint16_t attempt) {
  const Request& req = model_.request(r);
  Invocation& inv = invocations_[r];
  if (fn_.async_invoke && attempt == 0) {
    ++model_.result().orders.accepted;
    model_.respond(r, true);
  }
  if (req.cancelled) {
    model_.order_settled();
    model_.finish_request(r);
    return;
  }
  auto& resources = model_.result().resources;
  ++resources.function_invocations;
  if (take_idle_instance()) {
    ++busy_instances_;
    inv.cold = false;
    inv.billed_from = model_.now();
    on_ready(r);
    return;
  }
  if (busy_instances_ < fn_.concurrency_limit) {
    ++busy_instances_;
    ++resources.cold_starts;
    resources.peak_instances =
        std::max(resources.peak_instances, static_cast<uint64_t>(busy_instances_));
    inv.cold = true;
    inv.billed_from = model_.now();
    model_.schedule(model_.now() + fn_.cold_start.sample(model_.streams().cold), kFunctionReady, r);
    return;
  }
  throttled(r, attempt);
}

// Reclaims the instances idle for too long, oldest first, then takes the
// most recently idle one left, if any.
bool ServerlessFunctions::take_idle_instance() {
  while (idle_front_ < idle_since_.size() &&
         model_.now() - idle_since_[idle_front_] >= fn_.idle_reclaim)
    ++idle_front_;
  if (idle_front_ == idle_since_.size()) return false;
  idle_since_.pop_back();
  if (idle_front_ >= idle_since_.size()) {
    idle_since_.clear();
    idle_front_ = 0;
  }
  return true;
}

void ServerlessFunctions::throttled(uint32_t r, uint16_t attempt) {
  auto& result = model_.result();
  --result.resources.function_invocations;
  ++result.resources.throttles;
  if (!fn_.async_invoke) {
    ++result.orders.failed;
    model_.respond(r, false);
    model_.order_settled();
    model_.finish_request(r);
    return;
  }
  const auto& retry = fn_.throttle_retry;
  if (attempt + 1 >= retry.max_attempts) {
    ++result.orders.dead_lettered;
    model_.order_settled();
    model_.finish_request(r);
    return;
  }
  model_.schedule(model_.now() + retry_backoff(retry, attempt + 1), kInvoke, r,
                  static_cast<uint16_t>(std::min<int>(attempt + 1, UINT16_MAX)));
}

// The instance is initialised: run the handler, then call the dependency.
void ServerlessFunctions::on_ready(uint32_t r) {
  Invocation& inv = invocations_[r];
  if (!fn_.bill_init && inv.cold) inv.billed_from = model_.now();
  Duration handler = fn_.handler_time.sample(model_.streams().service);
  if (!arch_.dependency) {
    model_.schedule(model_.now() + handler, kFunctionCallDone, r);
    return;
  }
  if (handler.ns() > 0) {
    model_.schedule(model_.now() + handler, kFunctionRetry, r);
    return;
  }
  start_call(r);
}

void ServerlessFunctions::start_call(uint32_t r) { slots_.take(0, r, kFunctionCallDone); }

void ServerlessFunctions::on_call_done(uint32_t r) {
  Invocation& inv = invocations_[r];
  bool failed = false;
  if (arch_.dependency) {
    failed = slots_.call_failed();
    slots_.release(0, kFunctionCallDone);
    if (failed && ++inv.attempt < arch_.retry.max_attempts) {
      model_.schedule(model_.now() + retry_backoff(arch_.retry, inv.attempt), kFunctionRetry, r);
      return;
    }
  }
  finish(r, !failed);
}

void ServerlessFunctions::finish(uint32_t r, bool ok) {
  const Invocation& inv = invocations_[r];
  auto& result = model_.result();
  // Billing: rounded up to the next millisecond.
  int64_t ms = ((model_.now() - inv.billed_from).ns() + kNsPerMs - 1) / kNsPerMs;
  result.resources.function_billed_ms += static_cast<uint64_t>(ms);
  result.resources.function_gb_seconds += fn_.memory_gb * static_cast<double>(ms) / kMsPerSecond;
  --busy_instances_;
  instance_idle();
  if (!fn_.async_invoke) ++result.orders.accepted;
  if (ok) {
    // The order was taken when the request was sent (then queued, for an
    // async invocation).
    model_.order_completed(model_.request(r).sent);
  } else if (fn_.async_invoke) {
    ++result.orders.dead_lettered;
  } else {
    ++result.orders.failed;
  }
  if (!fn_.async_invoke) model_.respond(r, ok);
  model_.order_settled();
  model_.finish_request(r);
}

// The instance that just finished waits for the next invocation. Reclaimed
// entries are dropped once they are most of the stack.
void ServerlessFunctions::instance_idle() {
  idle_since_.push_back(model_.now());
  if (idle_front_ > 0 && idle_front_ * 2 > idle_since_.size()) {
    idle_since_.erase(idle_since_.begin(),
                      idle_since_.begin() + static_cast<ptrdiff_t>(idle_front_));
    idle_front_ = 0;
  }
}

}  // namespace stackplan::sim
