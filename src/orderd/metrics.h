// Process metrics, rendered in the Prometheus text format by /metrics.
// Counters are per process (as Prometheus expects); queue depth comes from
// the shared store, so every process reports the same queue.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>

#include "core/duration.h"
#include "core/histogram.h"

namespace stackplan::orderd {

struct QueueDepth;

// A latency histogram safe to record from many threads.
class LatencyMetric {
 public:
  void record(Duration d) {
    std::lock_guard lock(mu_);
    histogram_.record(static_cast<uint64_t>(d.ns() > 0 ? d.ns() / 1000 : 0));  // microseconds
  }
  // Appends a Prometheus histogram (seconds) named `name`.
  void render(std::string& out, const std::string& name, const std::string& help) const;

 private:
  mutable std::mutex mu_;
  Histogram histogram_;
};

struct Metrics {
  std::atomic<int64_t> accepted{0};            // async orders answered 202 (new orders)
  std::atomic<int64_t> idempotent_replays{0};  // retries answered with the first order
  std::atomic<int64_t> rejected_backpressure{0};
  std::atomic<int64_t> rejected_invalid{0};
  std::atomic<int64_t> sync_paid{0};
  std::atomic<int64_t> sync_failed{0};
  std::atomic<int64_t> paid{0};  // by this process's workers
  std::atomic<int64_t> payment_failures{0};
  std::atomic<int64_t> retried{0};
  // Orders received again after an earlier attempt: a retry, or a lease that
  // expired while another copy was still being worked on.
  std::atomic<int64_t> redelivered{0};
  std::atomic<int64_t> dead_lettered{0};
  std::atomic<int64_t> breaker_rejections{0};
  std::atomic<int64_t> commit_batches{0};
  std::atomic<int64_t> commit_orders{0};
  LatencyMetric accept_latency;        // request parsed -> 202 written to the socket buffer
  LatencyMetric sync_latency;          // request parsed -> payment answered
  LatencyMetric payment_latency;       // one gateway call, including waiting for a slot
  LatencyMetric payment_service;       // one gateway call's service time, slot wait excluded
  LatencyMetric order_latency;         // accepted -> paid, end to end
  LatencyMetric commit_latency;        // one group commit (write of one batch)
  LatencyMetric sync_latency_durable;  // one fsync making written batches durable

  // All metrics; depth may be null when the store could not be read.
  std::string render(const QueueDepth* depth, int slots_in_use, int slots, bool breaker_open,
                     int64_t duplicates_refused) const;
};

}  // namespace stackplan::orderd
