#include "orderd/api.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>

#include "orderd/log.h"

namespace stackplan::orderd {
namespace {

using Clock = std::chrono::steady_clock;

constexpr size_t kMaxIdempotencyKeyBytes = 200;

// The depth refresh waits 20 times as long as its last query took, so that
// counting a huge backlog costs under about 5% of a core; but a query slow
// because the store stalled must not stop the refresh for a minute.
constexpr int kDepthRefreshCostFactor = 20;
constexpr auto kMinDepthRefreshPause = std::chrono::milliseconds(250);
constexpr auto kMaxDepthRefreshPause = std::chrono::seconds(5);
// A depth older than this says nothing about the backlog now, while the
// orders counted since it only grow: refusing on it would turn a store
// hiccup into 429s for an empty queue. Backpressure is off until a fresh
// count arrives.
constexpr auto kStaleDepth = std::chrono::seconds(15);

Duration since(Clock::time_point start) {
  return Duration::nanoseconds(
      std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start).count());
}

HttpResponse json_response(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

HttpResponse error(int status, std::string_view code, std::string_view detail) {
  return json_response(status, error_json(code, detail));
}

// The store may or may not have the order: say which id it would have, and
// how to find out or retry without paying twice.
HttpResponse outcome_unknown(const EnqueueOutcome& outcome) {
  std::string location = "/orders/" + outcome.id;
  nlohmann::json body = {
      {"error", "outcome_unknown"},
      {"detail", fmt::format("{}. The order may have been stored and then be paid: GET {} tells; "
                             "a retry must carry the same Idempotency-Key, or it may create and "
                             "charge a second order",
                             outcome.detail, location)},
      {"id", outcome.id},
      {"location", location}};
  return json_response(503, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

// The idempotency key of a request: the header wins; a client order id is
// scoped to its customer.
Result<std::string> idempotency_key(const HttpRequest& request, const OrderRequest& order) {
  if (!request.idempotency_key.empty()) {
    if (request.idempotency_key.size() > kMaxIdempotencyKeyBytes)
      return Error(
          fmt::format("Idempotency-Key must be at most {} characters", kMaxIdempotencyKeyBytes));
    // The key is stored and shown back in the order: refuse bytes that
    // cannot be shown as they were sent.
    if (!is_printable_utf8(request.idempotency_key))
      return Error("Idempotency-Key must be UTF-8 text without control characters");
    return "h:" + request.idempotency_key;
  }
  if (!order.client_order_id.empty()) return "c:" + order.customer_id + ":" + order.client_order_id;
  return std::string();
}

}  // namespace

Api::Api(ApiConfig config, Intake& intake, std::unique_ptr<OrderStore> reads,
         PaymentGateway& gateway, CircuitBreaker& breaker, Metrics& metrics)
    : config_(config),
      intake_(intake),
      reads_(std::move(reads)),
      gateway_(gateway),
      breaker_(breaker),
      metrics_(metrics) {
  for (int i = 0; i < std::max(1, config_.sync_concurrency); ++i)
    sync_threads_.emplace_back([this] { sync_loop(); });
  depth_thread_ = std::thread([this] { refresh_depth_loop(); });
}

Api::~Api() { finish_sync_payments(); }

void Api::finish_sync_payments() {
  {
    std::lock_guard lock(sync_mu_);
    stopping_ = true;
  }
  sync_wake_.notify_all();
  depth_wake_.notify_all();
  for (auto& t : sync_threads_)
    if (t.joinable()) t.join();
  if (depth_thread_.joinable()) depth_thread_.join();
}

void Api::handle(HttpRequest&& request, Respond respond) {
  std::string_view path(request.target);
  if (auto q = path.find('?'); q != std::string_view::npos) path = path.substr(0, q);
  auto method_not_allowed = [&](const char* allow) {
    HttpResponse r =
        error(405, "method_not_allowed",
              fmt::format("{} {} is not supported; use {}", request.method, path, allow));
    r.headers.emplace_back("Allow", allow);
    respond(std::move(r));
  };
  if (path == "/health") {
    if (request.method != "GET") return method_not_allowed("GET");
    return respond(json_response(200, R"({"status":"ok"})"));
  }
  if (path == "/orders/async") {
    if (request.method != "POST") return method_not_allowed("POST");
    return accept_async(std::move(request), std::move(respond));
  }
  if (path == "/orders/sync") {
    if (request.method != "POST") return method_not_allowed("POST");
    return pay_sync(std::move(request), std::move(respond));
  }
  if (path.starts_with("/orders/") && path.size() > 8 && path.find('/', 8) == path.npos) {
    if (request.method != "GET") return method_not_allowed("GET");
    return get_order(std::string(path.substr(8)), respond);
  }
  if (path == "/metrics") {
    if (request.method != "GET") return method_not_allowed("GET");
    return metrics(respond);
  }
  metrics_.rejected_invalid.fetch_add(1, std::memory_order_relaxed);
  respond(error(404, "not_found", fmt::format("no route for {}", path)));
}

void Api::accept_async(HttpRequest&& request, Respond respond) {
  auto start = Clock::now();
  auto order = parse_order_request(request.body);
  if (!order) {
    metrics_.rejected_invalid.fetch_add(1, std::memory_order_relaxed);
    return respond(error(400, "invalid_order", order.error().message()));
  }
  auto key = idempotency_key(request, *order);
  if (!key) {
    metrics_.rejected_invalid.fetch_add(1, std::memory_order_relaxed);
    return respond(error(400, "invalid_idempotency_key", key.error().message()));
  }
  if (int64_t retry_after = backpressure_retry_after(); retry_after > 0) {
    metrics_.rejected_backpressure.fetch_add(1, std::memory_order_relaxed);
    HttpResponse r = error(429, "backlog_full",
                           "the backlog would take longer than the configured bound to drain");
    r.headers.emplace_back("Retry-After", std::to_string(retry_after));
    return respond(std::move(r));
  }
  std::shared_lock taking(taking_mu_);
  if (!taking_orders_)
    return respond(error(503, "shutting_down", "orderd is stopping; retry with the same key"));
  NewOrder fresh{new_order_id(), std::move(*key), std::move(order->customer_id),
                 std::move(order->items_json), order->amount_cents};
  intake_.submit(std::move(fresh), [this, start,
                                    respond = std::move(respond)](Result<EnqueueOutcome> outcome) {
    if (!outcome)  // the whole batch failed before anything was stored
      return respond(error(503, "queue_unavailable", outcome.error().message()));
    if (outcome->fate == EnqueueFate::kRefused)
      return respond(error(503, "queue_unavailable",
                           outcome->detail + "; nothing was stored, so a retry is safe"));
    if (outcome->fate == EnqueueFate::kUnknown) return respond(outcome_unknown(*outcome));
    std::string location = "/orders/" + outcome->id;
    HttpResponse r = json_response(
        202,
        fmt::format(R"({{"id":"{}","status":"accepted","location":"{}"}})", outcome->id, location));
    r.headers.emplace_back("Location", std::move(location));
    if (outcome->created) {
      accepted_since_refresh_.fetch_add(1, std::memory_order_relaxed);
      metrics_.accepted.fetch_add(1, std::memory_order_relaxed);
    } else {
      r.headers.emplace_back("Idempotent-Replayed", "true");
      metrics_.idempotent_replays.fetch_add(1, std::memory_order_relaxed);
    }
    metrics_.accept_latency.record(since(start));
    respond(std::move(r));
  });
}

void Api::stop_taking_orders() {
  std::unique_lock lock(taking_mu_);
  taking_orders_ = false;
}

int64_t Api::backpressure_retry_after() {
  if (config_.max_backlog_drain.ns() <= 0 || config_.drain_rate_per_second <= 0) return 0;
  int64_t backlog;
  {
    std::lock_guard lock(depth_mu_);
    if (!depth_known_ || Clock::now() - depth_at_ > kStaleDepth) return 0;
    backlog = depth_.backlog();
  }
  backlog += accepted_since_refresh_.load(std::memory_order_relaxed) + intake_.waiting();
  double drain_seconds = static_cast<double>(backlog) / config_.drain_rate_per_second;
  double excess = drain_seconds - config_.max_backlog_drain.seconds_f();
  if (excess < 0) return 0;
  return std::max<int64_t>(1, static_cast<int64_t>(std::ceil(excess)));
}

void Api::refresh_depth_loop() {
  // Without backpressure the depth serves /metrics alone, where a count a
  // few seconds old is fresh enough; counting a large backlog four times a
  // second would cost the accept path a few percent of its CPU for nothing.
  // The checkpoint keeps its pace either way.
  const bool backpressure = config_.max_backlog_drain.ns() > 0 && config_.drain_rate_per_second > 0;
  const auto count_interval = backpressure ? Clock::duration::zero() : kMaxDepthRefreshPause;
  auto next_count = Clock::now();
  std::unique_lock lock(sync_mu_);
  while (!stopping_) {
    lock.unlock();
    auto start = Clock::now();
    bool count = start >= next_count;
    int64_t counted_before = accepted_since_refresh_.load();
    std::optional<Result<QueueDepth>> depth;
    {
      std::lock_guard reads(reads_mu_);
      reads_->maintain();
      if (count) depth = reads_->depth();
    }
    if (count) next_count = start + count_interval;
    auto pause = std::clamp<Clock::duration>((Clock::now() - start) * kDepthRefreshCostFactor,
                                             kMinDepthRefreshPause, kMaxDepthRefreshPause);
    if (depth && *depth) {
      std::lock_guard guard(depth_mu_);
      // Orders accepted during the query stay in the counter whether or not
      // the query saw them: counting some twice errs towards refusing, never
      // towards overload.
      depth_ = **depth;
      depth_known_ = true;
      depth_at_ = start;
      accepted_since_refresh_.fetch_sub(counted_before);
    }
    lock.lock();
    depth_wake_.wait_for(lock, pause, [&] { return stopping_; });
  }
}

void Api::pay_sync(HttpRequest&& request, Respond respond) {
  auto start = Clock::now();
  auto order = parse_order_request(request.body);
  if (!order) {
    metrics_.rejected_invalid.fetch_add(1, std::memory_order_relaxed);
    return respond(error(400, "invalid_order", order.error().message()));
  }
  {
    std::shared_lock taking(taking_mu_);
    if (!taking_orders_)
      return respond(error(503, "shutting_down", "orderd is stopping; retry later"));
  }
  Duration retry_after;
  if (!breaker_.allow(&retry_after)) {
    metrics_.breaker_rejections.fetch_add(1, std::memory_order_relaxed);
    HttpResponse r = error(503, "gateway_unavailable", "the payment gateway circuit is open");
    r.headers.emplace_back("Retry-After",
                           std::to_string(std::max<int64_t>(
                               1, static_cast<int64_t>(std::ceil(retry_after.seconds_f())))));
    return respond(std::move(r));
  }
  auto job = [this, start, order = std::move(*order), respond = std::move(respond)]() {
    OrderRecord record;
    record.id = new_order_id();
    record.customer_id = order.customer_id;
    record.items_json = order.items_json;
    record.amount_cents = order.amount_cents;
    record.created_ns = unix_now_ns();
    record.processing_ns = record.created_ns;
    record.attempts = 1;
    auto pay_start = Clock::now();
    auto outcome = gateway_.charge(record.id, record.amount_cents);
    metrics_.payment_latency.record(since(pay_start));
    record.finished_ns = unix_now_ns();
    if (outcome) {
      breaker_.record_success();
      record.state = OrderState::kPaid;
      metrics_.sync_paid.fetch_add(1, std::memory_order_relaxed);
      metrics_.sync_latency.record(since(start));
      return respond(json_response(200, order_json(record)));
    }
    if (breaker_.record_failure()) log_event("gateway circuit opened after repeated failures");
    metrics_.sync_failed.fetch_add(1, std::memory_order_relaxed);
    metrics_.sync_latency.record(since(start));
    respond(error(502, "payment_failed", outcome.error().message()));
  };
  {
    std::lock_guard lock(sync_mu_);
    sync_jobs_.emplace_back(std::move(job));
  }
  sync_wake_.notify_one();
}

void Api::sync_loop() {
  std::unique_lock lock(sync_mu_);
  for (;;) {
    sync_wake_.wait(lock, [&] { return stopping_ || !sync_jobs_.empty(); });
    if (sync_jobs_.empty()) return;
    auto job = std::move(sync_jobs_.front());
    sync_jobs_.pop_front();
    lock.unlock();
    try {
      job();
    } catch (const std::exception& e) {
      // The job's Respond dies with it and answers 500; this thread lives on.
      log_event("sync payment failed: {}", e.what());
    }
    lock.lock();
  }
}

void Api::get_order(const std::string& id, const Respond& respond) {
  if (id.size() > 64) return respond(error(404, "not_found", "no such order"));
  Result<OrderRecord> order = [&] {
    std::lock_guard lock(reads_mu_);
    return reads_->get(id);
  }();
  if (order) return respond(json_response(200, order_json(*order)));
  if (order.error().message() == "not found")
    return respond(error(404, "not_found", fmt::format("no order {}", id)));
  respond(error(503, "store_unavailable", order.error().message()));
}

void Api::metrics(const Respond& respond) {
  std::optional<QueueDepth> depth;
  {
    std::lock_guard lock(depth_mu_);
    if (depth_known_) depth = depth_;
  }
  HttpResponse r;
  r.content_type = "text/plain; version=0.0.4";
  r.body = metrics_.render(depth ? &*depth : nullptr, gateway_.slots_in_use(), gateway_.slots(),
                           breaker_.is_open(), gateway_.duplicates_refused());
  respond(std::move(r));
}

}  // namespace stackplan::orderd
