// The HTTP routes of orderd:
//   POST /orders/sync    validate, charge now, 200 with the paid order (or an error)
//   POST /orders/async   validate, store durably, 202 + Location (429 under backpressure)
//   GET  /orders/{id}    the stored order and its status history
//   GET  /health         liveness
//   GET  /metrics        Prometheus text format
// Everything else gets a 4xx with a JSON error body.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <thread>
#include <vector>

#include "orderd/circuit_breaker.h"
#include "orderd/gateway.h"
#include "orderd/http_server.h"
#include "orderd/intake.h"
#include "orderd/metrics.h"
#include "orderd/store.h"

namespace stackplan::orderd {

struct ApiConfig {
  // Refuse new async orders (429) when the backlog would take longer than
  // this to drain at drain_rate. Zero disables backpressure.
  Duration max_backlog_drain = Duration::seconds(600);
  double drain_rate_per_second = 0;  // expected orders paid per second by all workers
  int sync_concurrency = 64;         // sync requests charged at once (they then wait for slots)
};

class Api {
 public:
  // reads: a store connection for GET and queue depth (the Api serialises its use).
  Api(ApiConfig config, Intake& intake, std::unique_ptr<OrderStore> reads, PaymentGateway& gateway,
      CircuitBreaker& breaker, Metrics& metrics);
  ~Api();  // finishes sync payments in progress

  void handle(HttpRequest&& request, Respond respond);
  // Shutdown, step one: from now on orders get 503 "shutting_down"; returns
  // once no request thread is handing an order to the intake any more, so
  // the intake can then be flushed and destroyed while the server still
  // sends the answers.
  void stop_taking_orders();
  // Shutdown, step two: sync payments in progress finish and are answered.
  void finish_sync_payments();

 private:
  void accept_async(HttpRequest&& request, Respond respond);
  void pay_sync(HttpRequest&& request, Respond respond);
  void get_order(const std::string& id, const Respond& respond);
  void metrics(const Respond& respond);
  // Returns the seconds to wait before retrying, or 0 when the order fits.
  int64_t backpressure_retry_after();
  void refresh_depth_loop();
  void sync_loop();

  ApiConfig config_;
  Intake& intake_;
  std::unique_ptr<OrderStore> reads_;
  std::mutex reads_mu_;
  PaymentGateway& gateway_;
  CircuitBreaker& breaker_;
  Metrics& metrics_;

  std::shared_mutex taking_mu_;  // shared while submitting; unique to stop
  bool taking_orders_ = true;
  std::mutex depth_mu_;
  QueueDepth depth_;
  bool depth_known_ = false;
  std::chrono::steady_clock::time_point depth_at_;  // when the query that found depth_ began
  std::atomic<int64_t> accepted_since_refresh_{0};

  std::mutex sync_mu_;
  std::condition_variable sync_wake_;
  std::condition_variable depth_wake_;  // wakes the depth refresher to stop
  std::deque<std::function<void()>> sync_jobs_;
  bool stopping_ = false;
  std::vector<std::thread> sync_threads_;
  std::thread depth_thread_;
};

}  // namespace stackplan::orderd
