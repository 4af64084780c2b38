#include "orderd/metrics.h"

#include <fmt/format.h>

#include <array>

#include "orderd/store.h"

namespace stackplan::orderd {

void LatencyMetric::render(std::string& out, const std::string& name,
                           const std::string& help) const {
  static constexpr std::array<double, 16> kBoundsSeconds = {
      0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60};
  std::array<uint64_t, kBoundsSeconds.size()> cumulative{};
  uint64_t count;
  double sum_us;
  {
    std::lock_guard lock(mu_);
    histogram_.for_each_bucket([&](uint64_t value_us, uint64_t n) {
      for (size_t i = 0; i < kBoundsSeconds.size(); ++i)
        if (static_cast<double>(value_us) <= kBoundsSeconds[i] * 1e6) cumulative[i] += n;
    });
    count = histogram_.count();
    sum_us = histogram_.sum();
  }
  out += fmt::format("# HELP {} {}\n# TYPE {} histogram\n", name, help, name);
  for (size_t i = 0; i < kBoundsSeconds.size(); ++i)
    out += fmt::format("{}_bucket{{le=\"{}\"}} {}\n", name, kBoundsSeconds[i], cumulative[i]);
  out += fmt::format("{}_bucket{{le=\"+Inf\"}} {}\n{}_sum {}\n{}_count {}\n", name, count, name,
                     sum_us * 1e-6, name, count);
}

namespace {
void counter(std::string& out, const char* name, const char* help, int64_t value) {
  out += fmt::format("# HELP {} {}\n# TYPE {} counter\n{} {}\n", name, help, name, name, value);
}
void gauge(std::string& out, const char* name, const char* help, int64_t value) {
  out += fmt::format("# HELP {} {}\n# TYPE {} gauge\n{} {}\n", name, help, name, name, value);
}
}  // namespace

std::string Metrics::render(const QueueDepth* depth, int slots_in_use, int slots, bool breaker_open,
                            int64_t duplicates_refused) const {
  std::string out;
  out.reserve(8192);
  counter(out, "orderd_orders_accepted_total", "Async orders accepted (202, new order).",
          accepted.load());
  counter(out, "orderd_idempotent_replays_total",
          "Requests answered with an existing order (same idempotency key).",
          idempotent_replays.load());
  counter(out, "orderd_orders_rejected_backpressure_total", "Orders refused with 429.",
          rejected_backpressure.load());
  counter(out, "orderd_requests_invalid_total", "Requests refused with a 4xx for bad input.",
          rejected_invalid.load());
  counter(out, "orderd_sync_orders_paid_total", "Sync orders paid.", sync_paid.load());
  counter(out, "orderd_sync_orders_failed_total", "Sync orders whose payment failed.",
          sync_failed.load());
  counter(out, "orderd_orders_paid_total", "Queued orders paid by this process's workers.",
          paid.load());
  counter(out, "orderd_payment_failures_total", "Gateway calls that failed.",
          payment_failures.load());
  counter(out, "orderd_orders_retried_total", "Orders put back with a backoff.", retried.load());
  counter(out, "orderd_orders_redelivered_total",
          "Orders received again after an earlier attempt (a retry or an expired lease).",
          redelivered.load());
  counter(out, "orderd_orders_dead_lettered_total", "Orders moved to the dead-letter queue.",
          dead_lettered.load());
  counter(out, "orderd_breaker_rejections_total", "Calls skipped because the circuit was open.",
          breaker_rejections.load());
  counter(out, "orderd_duplicate_charges_refused_total",
          "Charges the gateway refused because the order was already charged.", duplicates_refused);
  counter(out, "orderd_commit_batches_total", "Group commits of accepted orders.",
          commit_batches.load());
  counter(out, "orderd_commit_orders_total", "Orders written by group commits.",
          commit_orders.load());
  gauge(out, "orderd_payment_slots_in_use", "Gateway slots busy in this process.", slots_in_use);
  gauge(out, "orderd_payment_slots", "Gateway slots in this process.", slots);
  gauge(out, "orderd_breaker_open", "1 when the gateway circuit breaker is open.", breaker_open);
  if (depth) {
    out += "# HELP orderd_queue_depth Orders in the shared queue by state.\n";
    out += "# TYPE orderd_queue_depth gauge\n";
    out += fmt::format("orderd_queue_depth{{state=\"visible\"}} {}\n", depth->visible);
    out += fmt::format("orderd_queue_depth{{state=\"in_flight\"}} {}\n", depth->in_flight);
    out += fmt::format("orderd_queue_depth{{state=\"delayed\"}} {}\n", depth->delayed);
    out += fmt::format("orderd_queue_depth{{state=\"dead_letter\"}} {}\n", depth->dead);
    if (depth->paid >= 0)
      gauge(out, "orderd_orders_paid_in_store", "Paid orders in the shared store (all processes).",
            depth->paid);
  }
  accept_latency.render(out, "orderd_accept_latency_seconds",
                        "Async accept: request read to 202 (includes the durable commit).");
  sync_latency.render(out, "orderd_sync_latency_seconds", "Sync order: request read to answer.");
  payment_latency.render(out, "orderd_payment_latency_seconds",
                         "One gateway call, including the wait for a slot.");
  payment_service.render(out, "orderd_payment_service_seconds",
                         "One gateway call's service time, the wait for a slot excluded.");
  order_latency.render(out, "orderd_order_latency_seconds", "Async order: accepted to paid.");
  commit_latency.render(out, "orderd_commit_latency_seconds", "One group commit (batch write).");
  sync_latency_durable.render(out, "orderd_fsync_latency_seconds",
                              "One fsync making the written batches durable.");
  return out;
}

}  // namespace stackplan::orderd
