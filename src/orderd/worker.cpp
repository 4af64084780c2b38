#include "orderd/worker.h"

#include <algorithm>
#include <chrono>

#include "core/rng.h"
#include "orderd/log.h"

namespace stackplan::orderd {

WorkerPool::WorkerPool(WorkerConfig config, StoreFactory open_store_fn, PaymentGateway& gateway,
                       CircuitBreaker& breaker, Metrics& metrics)
    : config_(std::move(config)),
      open_store_(std::move(open_store_fn)),
      gateway_(gateway),
      breaker_(breaker),
      metrics_(metrics) {
  for (int i = 0; i < config_.concurrency; ++i) threads_.emplace_back([this, i] { run(i); });
}

WorkerPool::~WorkerPool() { stop(); }

void WorkerPool::stop() {
  stopping_.store(true);
  wake_.notify_all();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
}

Duration WorkerPool::backoff(int attempt) {
  thread_local Rng rng(static_cast<uint64_t>(unix_now_ns()));
  int64_t ns = config_.backoff_base.ns();
  for (int i = 1; i < attempt && ns < config_.backoff_max.ns(); ++i) ns *= 2;
  ns = std::min(ns, config_.backoff_max.ns());
  double jitter = 0.8 + 0.4 * rng.uniform();
  return Duration::nanoseconds(static_cast<int64_t>(static_cast<double>(ns) * jitter));
}

void WorkerPool::run(int index) {
  auto store = open_store_();
  if (!store) {
    log_event("worker {} cannot open the queue: {}", index, store.error().message());
    return;
  }
  std::string consumer = config_.consumer + "-" + std::to_string(index);
  while (!stopping_.load()) {
    Duration wait = config_.poll_interval;
    if (breaker_.allow(&wait)) {
      auto claimed = (*store)->claim(consumer, 1, config_.visibility_timeout, config_.max_attempts);
      if (claimed && !claimed->empty()) {
        for (const Delivery& delivery : *claimed) process(**store, delivery);
        continue;
      }
      breaker_.cancel_trial();  // no call made: a half-open trial goes back
      if (!claimed) log_event("worker {} claim failed: {}", index, claimed.error().message());
      wait = config_.poll_interval;
    } else {
      wait = std::min(wait, Duration::milliseconds(200));
    }
    std::unique_lock lock(mu_);
    wake_.wait_for(lock, std::chrono::nanoseconds(wait.ns()), [&] { return stopping_.load(); });
  }
}

void WorkerPool::process(OrderStore& store, const Delivery& delivery) {
  if (delivery.attempt > 1) metrics_.redelivered.fetch_add(1);
  auto start = std::chrono::steady_clock::now();
  auto outcome = gateway_.charge(delivery.id, delivery.amount_cents);
  metrics_.payment_latency.record(Duration::nanoseconds(
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start)
          .count()));
  if (outcome) {
    if (breaker_.record_success()) log_event("gateway circuit closed");
    if (auto s = store.complete(delivery); !s) {
      // The charge is in the ledger; redelivery will find it and complete.
      log_event("order {} charged but not recorded as paid: {}", delivery.id, s.message());
      return;
    }
    metrics_.paid.fetch_add(1);
    metrics_.order_latency.record(Duration::nanoseconds(unix_now_ns() - delivery.created_ns));
    return;
  }
  metrics_.payment_failures.fetch_add(1);
  if (breaker_.record_failure()) log_event("gateway circuit opened after repeated failures");
  const std::string& error = outcome.error().message();
  if (delivery.attempt >= config_.max_attempts) {
    if (auto s = store.dead_letter(delivery, error); !s)
      log_event("order {} could not be dead-lettered: {}", delivery.id, s.message());
    metrics_.dead_lettered.fetch_add(1);
    log_event("order {} dead-lettered after {} attempts: {}", delivery.id, delivery.attempt, error);
    return;
  }
  if (auto s = store.retry_later(delivery, backoff(delivery.attempt), error); !s)
    log_event("order {} could not be put back: {}", delivery.id, s.message());
  metrics_.retried.fetch_add(1);
}

}  // namespace stackplan::orderd
