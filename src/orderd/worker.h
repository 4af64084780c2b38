// Workers: `concurrency` threads per process, each claiming one order at a
// time from the shared store, charging it through the gateway, and recording
// the outcome. A failed charge is retried with exponential backoff (base x
// 2^(attempt-1), capped, with +-20% jitter) until max_attempts, then the
// order is dead-lettered. A worker that dies mid-order leaves it claimed; the
// visibility timeout hands it to another worker, and the gateway's ledger
// refuses to charge it twice.
//
// When the queue itself is unreachable (Redis down), each thread retries
// after a delay that doubles from poll_interval up to store_retry_max, and
// the pool logs the outage once when it starts, once per
// outage_report_interval while it lasts, and once when it ends: not once
// per failed poll. An outcome (paid, retry, dead letter) that cannot be
// recorded is retried the same way while the order's lease lasts, so an
// order charged during a short outage is recorded as paid as soon as the
// queue returns; after a longer one it is redelivered and the ledger
// answers "already charged".
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "orderd/circuit_breaker.h"
#include "orderd/gateway.h"
#include "orderd/log.h"
#include "orderd/metrics.h"
#include "orderd/store.h"

namespace stackplan::orderd {

struct WorkerConfig {
  int concurrency = 10;
  Duration visibility_timeout = Duration::seconds(30);
  int max_attempts = 5;
  Duration backoff_base = Duration::seconds(1);
  Duration backoff_max = Duration::seconds(60);
  Duration poll_interval = Duration::milliseconds(50);  // idle wait when the queue is empty
  std::string consumer = "worker";                      // name in the broker (unique per process)
  // The longest wait between two attempts of one thread to reach an
  // unreachable queue: with 10 threads, about 10 connection attempts a
  // second, and the queue's return is noticed within this time.
  Duration store_retry_max = Duration::seconds(1);
  // While the queue stays unreachable, one summary line this often.
  Duration outage_report_interval = Duration::seconds(10);
};

class WorkerPool {
 public:
  // Each thread opens its own store connection through open_store_fn.
  using StoreFactory = std::function<Result<std::unique_ptr<OrderStore>>()>;
  WorkerPool(WorkerConfig config, StoreFactory open_store_fn, PaymentGateway& gateway,
             CircuitBreaker& breaker, Metrics& metrics);
  ~WorkerPool();

  // Graceful stop: no new claims; orders being charged are finished and
  // recorded. Returns when every thread has ended.
  void stop();

 private:
  using Clock = std::chrono::steady_clock;
  void run(int index);
  // The thread's store connection, retried until it opens or the pool stops.
  std::unique_ptr<OrderStore> open_store_retrying();
  void process(OrderStore& store, const Delivery& delivery);
  // Records an outcome, retrying while the store is unreachable; false when
  // the lease ended or the pool stopped first (the order is then redelivered).
  bool record(const Delivery& delivery, const char* what, Clock::time_point lease_end,
              const std::function<Status()>& write);
  Duration backoff(int attempt);
  // The wait before a thread's next attempt after `failures` consecutive
  // failures to reach the store.
  Duration store_retry_delay(int failures);
  // Waits up to `wait`, or until stop().
  void pause(Duration wait);

  WorkerConfig config_;
  StoreFactory open_store_;
  PaymentGateway& gateway_;
  CircuitBreaker& breaker_;
  Metrics& metrics_;
  RepeatedFailureLog queue_failures_;  // queue calls: claims and recorded outcomes
  std::atomic<bool> stopping_{false};
  std::mutex mu_;
  std::condition_variable wake_;
  std::vector<std::thread> threads_;
};

}  // namespace stackplan::orderd
