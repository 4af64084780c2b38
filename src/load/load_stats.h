// What one load run measured. Each event loop fills its own LoadStats with no
// lock; they are merged once at the end. Latencies are recorded in
// nanoseconds in fixed-size histograms (core/histogram.h), so memory does not
// grow with the length of the run.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/duration.h"
#include "core/histogram.h"
#include "load/locust_times.h"

namespace stackplan::load {

// Why a request failed without an HTTP status.
enum class ErrorKind {
  kConnectRefused,  // nothing listening (ECONNREFUSED)
  kConnectError,    // other connect failures (unreachable, no route, EMFILE...)
  kTimeout,         // no complete response within --timeout
  kReset,           // the connection was reset or closed mid-response
  kBadResponse,     // not parseable as HTTP/1.x
};
inline constexpr int kErrorKinds = 5;
// "connect_refused", "connect_error", "timeout", "reset", "bad_response".
const char* error_kind_name(ErrorKind kind);

struct EndpointStats {
  uint64_t requests = 0;  // completed: a response arrived or the request failed
  uint64_t failures = 0;  // ErrorKind failures plus HTTP status >= 400
  uint64_t body_bytes = 0;
  // From the intended send time (open model) or the actual send time (closed
  // model) to the end of the response: coordinated omission corrected.
  Histogram latency;
  // From the actual send time: what wrk and Locust report.
  Histogram service_time;
  // The latencies again, rounded as Locust rounds them (--locust-compatible).
  LocustRoundedTimes locust_latency;
  std::array<uint64_t, 600> status_counts{};  // by HTTP status
  std::array<uint64_t, kErrorKinds> error_counts{};

  void merge(const EndpointStats& other);
  // Requests that got an HTTP response (of any status).
  uint64_t responses() const;
};

// One second of the run, aggregated over endpoints and event loops.
struct SecondSummary {
  int64_t second = 0;  // from the start of the run
  uint64_t requests = 0, failures = 0, sends = 0, late_sends = 0, dropped_sends = 0;
  uint64_t active = 0;  // users (closed model) or open connections (open model) at the end
  double latency_avg_ms = 0, latency_p50_ms = 0, latency_p90_ms = 0, latency_p99_ms = 0,
         latency_max_ms = 0;
};

// Open-model schedule keeping, summed over event loops.
struct SendStats {
  uint64_t sends = 0;          // requests written (both models)
  uint64_t scheduled = 0;      // open model: arrivals due during the run
  uint64_t late_sends = 0;     // sent more than kLateThreshold after their intended time
  uint64_t dropped_sends = 0;  // due but not sent: no connection and the backlog full
  // Sent before the run time ended and still unanswered at their deadline
  // (or when the run was interrupted): counted as timeouts.
  uint64_t unfinished = 0;
  uint64_t connections_opened = 0;
  uint64_t reconnects = 0;        // keep-alive connections the server had closed, retried
  uint64_t peak_connections = 0;  // most connections open at once (summed over loops)
  Duration max_send_lag;          // worst delay between intended and actual send
  void merge(const SendStats& other);
};
inline constexpr Duration kLateThreshold = Duration::milliseconds(1);

}  // namespace stackplan::load
