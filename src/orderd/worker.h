// Workers: `concurrency` threads per process, each claiming one order at a
// time from the shared store, charging it through the gateway, and recording
// the outcome. A failed charge is retried with exponential backoff (base x
// 2^(attempt-1), capped, with +-20% jitter) until max_attempts, then the
// order is dead-lettered. A worker that dies mid-order leaves it claimed; the
// visibility timeout hands it to another worker, and the gateway's ledger
// refuses to charge it twice.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "orderd/circuit_breaker.h"
#include "orderd/gateway.h"
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
  void run(int index);
  void process(OrderStore& store, const Delivery& delivery);
  Duration backoff(int attempt);

  WorkerConfig config_;
  StoreFactory open_store_;
  PaymentGateway& gateway_;
  CircuitBreaker& breaker_;
  Metrics& metrics_;
  std::atomic<bool> stopping_{false};
  std::mutex mu_;
  std::condition_variable wake_;
  std::vector<std::thread> threads_;
};

}  // namespace stackplan::orderd
