// Runs a load test against a real HTTP service: the library behind
// `stackplan load`.
//
// Two models, as in the literature on load generators:
// - Closed (Locust, wrk): N users, each sending a request, waiting for its
//   response, thinking for a sampled wait time, and repeating; users start in
//   Locust's batches (core/spawn_schedule.h), as the simulator starts them.
// - Open (wrk2, k6 arrival-rate, vegeta): requests are due at times drawn
//   from a rate schedule, whatever the server does. Latency is measured from
//   the time a request was due, so a stalled server cannot hide behind the
//   requests it delayed (coordinated omission corrected); sends that went out
//   late, or could not go out at all, are counted.
// Each event loop runs on its own thread with its own connections and
// statistics; nothing on the per-request path allocates or takes a lock.
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/distribution.h"
#include "core/duration.h"
#include "core/status.h"
#include "load/load_stats.h"
#include "load/plan.h"
#include "load/rate_schedule.h"
#include "load/url.h"

namespace stackplan::load {

struct LoadOptions {
  Url target;       // where requests go; plan paths are relative to it
  LoadPlan plan;    // what to send
  int threads = 0;  // event loops; 0 = one per core

  // Closed model (used when no rate is set).
  int users = 1;
  double spawn_rate = 0;  // users started per second; 0 = all at once
  Distribution wait = Distribution::constant(Duration());  // think time

  // Open model (used when set).
  std::optional<RateSchedule> rate;
  bool poisson = false;         // exponential gaps instead of evenly spaced sends
  int connections = 0;          // opened up front (0 = 8 per event loop)
  int max_connections = 1024;   // bound on open connections, all loops together
  size_t max_backlog = 100000;  // due sends waiting for a connection, per loop

  // Stopping: whichever comes first; at least one must be set.
  Duration run_time;           // 0 = no time limit
  uint64_t request_count = 0;  // 0 = no count limit; else exactly this many requests

  Duration timeout = Duration::seconds(10);  // per request, connect included
  uint64_t seed = 1;
  // Set from a signal handler to stop early; the report covers the run so far.
  const std::atomic<bool>* cancel = nullptr;
  // Called about once a second from the calling thread with the last whole
  // second, for progress display. Not on the hot path.
  std::function<void(const SecondSummary&)> on_second;
};

struct LoadReport {
  struct Row {
    std::string method, name;
    EndpointStats stats;
  };
  std::vector<Row> endpoints;  // in plan order
  EndpointStats total;
  SendStats sends;
  std::vector<SecondSummary> timeline;
  Duration elapsed;        // from start to stop
  Duration last_response;  // from start to the last counted response
  bool open_model = false;
  bool interrupted = false;  // stopped by cancel
  int threads = 0;
  std::string target;      // "127.0.0.1:8080"
  double target_rate = 0;  // open model: mean arrivals per second over the run
};

// Runs the test and returns what was measured. Errors only for setup
// problems (bad options, unresolvable host); failed requests are counted in
// the report, never an error.
Result<LoadReport> run_load(const LoadOptions& options);

// Raises the open-file limit to its hard maximum so that many connections can
// be opened; returns the resulting limit.
uint64_t raise_open_file_limit();

}  // namespace stackplan::load
