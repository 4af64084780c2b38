// What one simulation run produces. Field names match the JSON output
// documented in docs/OUTPUT.md; change both together.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/duration.h"
#include "core/histogram.h"

namespace stackplan::sim {

// The client's view, as Locust reports it: requests whose response arrived
// within the run, and their latencies (nanoseconds).
struct RequestStats {
  std::string name;
  uint64_t requests = 0;
  uint64_t failures = 0;
  Histogram latency_ns;
  Duration measured_time;  // the run time req/s divides by
  double rps() const {
    return measured_time.ns() > 0 ? static_cast<double>(requests) / measured_time.seconds_f() : 0;
  }
};

// The business view: orders from acceptance to payment.
struct OrderStats {
  uint64_t accepted = 0;    // answered 202 (async) or started (sync)
  uint64_t completed = 0;   // paid at least once
  uint64_t abandoned = 0;   // the customer gave up (patience)
  uint64_t failed = 0;      // refused or errored (throttled, failed payment)
  uint64_t duplicates = 0;  // payments beyond the first for one order
  // Copies an idempotent dependency refused because their order was paid.
  uint64_t duplicates_refused = 0;
  uint64_t dead_lettered = 0;  // gave up after max receives / retries
  uint64_t redeliveries = 0;   // receives of a message received before (timeout expired)
  Histogram latency_ns;        // accepted -> paid
};

struct QueueStats {
  uint64_t peak_visible = 0;
  uint64_t peak_in_flight = 0;
  Duration peak_visible_at;
  uint64_t backlog_at_traffic_end = 0;  // visible + in flight
  bool drained = true;
  Duration drain_time;  // traffic end -> last accepted order done
};

struct Resources {
  std::map<std::string, double> task_seconds;  // per tier: "api", "worker"
  uint64_t peak_workers = 0;
  uint64_t function_invocations = 0;
  double function_gb_seconds = 0;
  uint64_t function_billed_ms = 0;
  uint64_t cold_starts = 0;
  uint64_t throttles = 0;
  uint64_t peak_instances = 0;
  uint64_t queue_requests = 0;  // SendMessage + ReceiveMessage + DeleteMessage calls
  uint64_t messages = 0;        // messages sent
};

struct TimelineRow {
  int64_t second = 0;
  uint64_t arrivals = 0, completions = 0;
  uint64_t visible = 0, in_flight = 0, active_workers = 0;
};

struct SimResult {
  std::string scenario;
  uint64_t seed = 0;
  Duration traffic_time;    // how long traffic was offered
  Duration simulated_time;  // until drained or the drain limit (or where it was stopped)
  // false: cancelled (SimOptions::cancel) at simulated_time; the figures cover
  // the run up to there.
  bool complete = true;
  RequestStats requests;
  OrderStats orders;
  QueueStats queue;
  Resources resources;
  uint64_t events = 0;
  std::vector<TimelineRow> timeline;  // filled only when asked for
};

}  // namespace stackplan::sim
