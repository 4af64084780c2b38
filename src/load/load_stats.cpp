#include "load/load_stats.h"

#include <algorithm>

namespace stackplan::load {

const char* error_kind_name(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kConnectRefused:
      return "connect_refused";
    case ErrorKind::kConnectError:
      return "connect_error";
    case ErrorKind::kTimeout:
      return "timeout";
    case ErrorKind::kReset:
      return "reset";
    case ErrorKind::kBadResponse:
      return "bad_response";
  }
  return "unknown";
}

void EndpointStats::merge(const EndpointStats& other) {
  requests += other.requests;
  failures += other.failures;
  body_bytes += other.body_bytes;
  latency.merge(other.latency);
  service_time.merge(other.service_time);
  locust_latency.merge(other.locust_latency);
  for (size_t i = 0; i < status_counts.size(); ++i) status_counts[i] += other.status_counts[i];
  for (size_t i = 0; i < error_counts.size(); ++i) error_counts[i] += other.error_counts[i];
}

uint64_t EndpointStats::responses() const {
  uint64_t n = 0;
  for (uint64_t count : status_counts) n += count;
  return n;
}

void SendStats::merge(const SendStats& other) {
  sends += other.sends;
  scheduled += other.scheduled;
  late_sends += other.late_sends;
  dropped_sends += other.dropped_sends;
  unfinished += other.unfinished;
  connections_opened += other.connections_opened;
  reconnects += other.reconnects;
  peak_connections += other.peak_connections;
  max_send_lag = std::max(max_send_lag, other.max_send_lag);
}

}  // namespace stackplan::load
