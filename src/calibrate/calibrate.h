// `stackplan calibrate` as a library call: replay a scenario's traffic
// against a real service (or read a saved run), fit the model's unknowns to
// what was measured, simulate the same test with the fitted scenario, and set
// measured beside predicted. The command line maps its flags to a
// CalibrateRequest and renders the outcome (report/calibrate_format.h).
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "calibrate/compare.h"
#include "calibrate/fit.h"
#include "calibrate/measurement.h"
#include "calibrate/traffic_replay.h"
#include "core/status.h"
#include "load/load_stats.h"
#include "scenario/scenario.h"
#include "sim/result.h"

namespace stackplan::calibrate {

struct CalibrateRequest {
  std::string scenario_path;
  // Live: the service (traffic goes to url + the order path) and its
  // Prometheus endpoint. Without metrics fewer figures are compared and the
  // dependency keeps the scenario's values.
  ReplayTarget target;
  std::string metrics_url;
  Duration metrics_interval = Duration::seconds(1);
  // After the traffic, metrics are sampled until the backlog is empty or this
  // much time has passed.
  Duration drain_limit = Duration::seconds(10 * 60);
  // Offline: a `stackplan load --json` file and a saved metrics log (either
  // may be given; the log is optional). Empty: live.
  std::string measured_path;
  std::string metrics_log_path;
  MetricNames names;
  int replications = 5;  // simulations of the fitted scenario, averaged
  uint64_t seed = 1;
  const std::atomic<bool>* cancel = nullptr;
  // One line for people about what is being done now ("replaying 20 users
  // for 10s against ..."); not called on any hot path.
  std::function<void(std::string_view)> progress;
};

struct CalibrateOutcome {
  std::string source;  // the URL measured, or the measured file
  Scenario model;      // as the user wrote it
  MeasuredRun measured;
  Fit fit;
  std::vector<sim::SimResult> predicted;  // one per replication
  Comparison comparison;
  std::string metrics_log;  // live with metrics: the samples, to save for offline use
  // Live: the load run itself, to save as `stackplan load --json` writes it
  // (the --measured input of a later offline run).
  std::optional<load::LoadReport> load_report;
  bool drained = true;  // live: the backlog emptied within the drain limit
};

// Errors: a bad scenario or flag; an unreachable URL or metrics endpoint, or
// a service that only answers errors (before any fitting); a run too short to
// fit; a scenario whose traffic cannot be replayed in bounded time.
Result<CalibrateOutcome> run_calibration(const CalibrateRequest& request);

// Offline: the load generator's JSON output read back, naming the field in
// errors ("load.json: latency_ms.p99: expected a number").
Result<MeasuredRun> measured_from_load_json(std::string_view text, std::string_view source,
                                            Duration traffic_time);

}  // namespace stackplan::calibrate
