#include "orderd/worker.h"

#include <algorithm>
#include <chrono>

#include "core/rng.h"
#include "orderd/log.h"

namespace stackplan::orderd {
namespace {

// The first retry of an unreachable store waits at least this, even with a
// poll interval of zero: a refused connection returns at once.
constexpr Duration kMinStoreRetry = Duration::milliseconds(10);
// Threads retrying in step would hit a returning Redis all at once.
constexpr double kJitterLow = 0.8;
constexpr double kJitterSpread = 0.4;

Duration jittered(int64_t ns) {
  thread_local Rng rng(static_cast<uint64_t>(unix_now_ns()));
  double factor = kJitterLow + kJitterSpread * rng.uniform();
  return Duration::nanoseconds(static_cast<int64_t>(static_cast<double>(ns) * factor));
}

}  // namespace

WorkerPool::WorkerPool(WorkerConfig config, StoreFactory open_store_fn, PaymentGateway& gateway,
                       CircuitBreaker& breaker, Metrics& metrics)
    : config_(std::move(config)),
      open_store_(std::move(open_store_fn)),
      gateway_(gateway),
      breaker_(breaker),
      metrics_(metrics),
      queue_failures_("worker queue calls", config_.outage_report_interval) {
  for (int i = 0; i < config_.concurrency; ++i) threads_.emplace_back([this, i] { run(i); });
}

WorkerPool::~WorkerPool() { stop(); }

void WorkerPool::stop() {
  stopping_.store(true);
  wake_.notify_all();
  bool joined = false;
  for (auto& t : threads_) {
    if (!t.joinable()) continue;
    t.join();
    joined = true;
  }
  // Redeliveries of charged orders show here: after a clean outage, none.
  if (joined)
    log_event("workers stopped: {} orders paid, {} duplicate charges refused by the gateway",
              metrics_.paid.load(), gateway_.duplicates_refused());
}

Duration WorkerPool::backoff(int attempt) {
  int64_t ns = config_.backoff_base.ns();
  for (int i = 1; i < attempt && ns < config_.backoff_max.ns(); ++i) ns *= 2;
  return jittered(std::min(ns, config_.backoff_max.ns()));
}

Duration WorkerPool::store_retry_delay(int failures) {
  int64_t ns = std::max(config_.poll_interval, kMinStoreRetry).ns();
  int64_t cap = std::max(config_.store_retry_max, kMinStoreRetry).ns();
  for (int i = 1; i < failures && ns < cap; ++i) ns *= 2;
  return jittered(std::min(ns, cap));
}

void WorkerPool::pause(Duration wait) {
  std::unique_lock lock(mu_);
  wake_.wait_for(lock, std::chrono::nanoseconds(wait.ns()), [&] { return stopping_.load(); });
}

std::unique_ptr<OrderStore> WorkerPool::open_store_retrying() {
  for (int failures = 1; !stopping_.load(); ++failures) {
    auto store = open_store_();
    if (store) {
      queue_failures_.succeeded();
      return std::move(*store);
    }
    queue_failures_.failed(store.error().message());
    pause(store_retry_delay(failures));
  }
  return nullptr;
}

void WorkerPool::run(int index) {
  std::unique_ptr<OrderStore> store = open_store_retrying();
  if (!store) return;  // stopped before the queue could be reached
  std::string consumer = config_.consumer + "-" + std::to_string(index);
  int store_failures = 0;
  while (!stopping_.load()) {
    Duration wait = config_.poll_interval;
    if (breaker_.allow(&wait)) {
      auto claimed = store->claim(consumer, 1, config_.visibility_timeout, config_.max_attempts);
      if (claimed) {
        store_failures = 0;
        queue_failures_.succeeded();
      }
      if (claimed && !claimed->empty()) {
        for (const Delivery& delivery : *claimed) process(*store, delivery);
        continue;
      }
      breaker_.cancel_trial();  // no call made: a half-open trial goes back
      if (claimed) {
        wait = config_.poll_interval;
      } else {
        queue_failures_.failed(claimed.error().message());
        wait = store_retry_delay(++store_failures);
      }
    } else {
      wait = std::min(wait, Duration::milliseconds(200));
    }
    pause(wait);
  }
}

bool WorkerPool::record(const Delivery& delivery, const char* what, Clock::time_point lease_end,
                        const std::function<Status()>& write) {
  for (int failures = 1;; ++failures) {
    Status written = write();
    if (written) {
      queue_failures_.succeeded();
      return true;
    }
    queue_failures_.failed(written.message());
    Duration wait = store_retry_delay(failures);
    // Past the lease another worker may hold the order: leave it to them.
    if (stopping_.load() || Clock::now() + std::chrono::nanoseconds(wait.ns()) >= lease_end) {
      log_event("order {} not recorded as {}: {}; it will be redelivered", delivery.id, what,
                written.message());
      return false;
    }
    pause(wait);
  }
}

void WorkerPool::process(OrderStore& store, const Delivery& delivery) {
  if (delivery.attempt > 1) metrics_.redelivered.fetch_add(1);
  auto start = Clock::now();
  auto lease_end = start + std::chrono::nanoseconds(config_.visibility_timeout.ns());
  auto outcome = gateway_.charge(delivery.id, delivery.amount_cents);
  metrics_.payment_latency.record(Duration::nanoseconds(
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start)
          .count()));
  if (outcome) {
    if (breaker_.record_success()) log_event("gateway circuit closed");
    // Should this fail, the charge is in the ledger; redelivery finds it there.
    if (!record(delivery, "paid", lease_end, [&] { return store.complete(delivery); })) return;
    metrics_.paid.fetch_add(1);
    metrics_.order_latency.record(Duration::nanoseconds(unix_now_ns() - delivery.created_ns));
    return;
  }
  metrics_.payment_failures.fetch_add(1);
  if (breaker_.record_failure()) log_event("gateway circuit opened after repeated failures");
  const std::string& error = outcome.error().message();
  if (delivery.attempt >= config_.max_attempts) {
    record(delivery, "dead-lettered", lease_end,
           [&] { return store.dead_letter(delivery, error); });
    metrics_.dead_lettered.fetch_add(1);
    log_event("order {} dead-lettered after {} attempts: {}", delivery.id, delivery.attempt, error);
    return;
  }
  Duration delay = backoff(delivery.attempt);
  record(delivery, "retried later", lease_end,
         [&] { return store.retry_later(delivery, delay, error); });
  metrics_.retried.fetch_add(1);
}

}  // namespace stackplan::orderd
