// What a calibration run measured, in the shape the fit and the comparison
// read: the load generator's figures, and the service's own signals from its
// Prometheus /metrics over the same window. Built from a live run
// (calibrate.h) or from saved files (offline calibration).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "calibrate/metrics_sampler.h"
#include "core/duration.h"
#include "core/status.h"
#include "load/load_runner.h"

namespace stackplan::calibrate {

// A distribution as a histogram summarises it: enough to fit a model of it.
struct ObservedDistribution {
  double count = 0;
  Duration mean, p99;
  // The p99 falls in the same histogram bucket as the mean: the histogram
  // cannot tell the observations apart, so they are as good as constant.
  bool p99_in_mean_bucket = false;
};

// One point of a service's backlog (visible + in flight + delayed), at a time
// measured from the start of the load run.
struct BacklogPoint {
  Duration at;
  double backlog = 0;
  // Dependency calls made so far (the service-time histogram's count), when
  // the service exports it: a drain's call rate counts repeated charges,
  // which take slots as first ones do, where the backlog's fall does not.
  std::optional<double> calls;
};

// The service's signals over the run and its drain. Each is absent when the
// service does not export it (or no metrics URL was given).
struct ServiceSignals {
  std::optional<ObservedDistribution> service_time;  // one dependency call, slot wait excluded
  std::vector<BacklogPoint> backlog;                 // one per scrape, in time order
  std::optional<double> paid;                        // orders paid during the window
  std::optional<double> redeliveries;                // leases that expired and were received again
  std::optional<double> duplicates_refused;          // charges refused as already made
  std::optional<double> slots;                       // the dependency's slots, as the service says
  uint64_t scrapes = 0, failed_scrapes = 0;
};

struct MeasuredRun {
  Duration traffic_time;   // how long traffic was offered
  uint64_t requests = 0;   // completed (answered or failed)
  uint64_t failures = 0;   // errors and HTTP >= 400
  uint64_t successes = 0;  // HTTP 2xx
  Duration latency_mean, latency_p50, latency_p95, latency_p99;
  // The latency distribution as kLatencyQuantiles evenly spaced quantiles
  // (empty when only the summary above was saved).
  std::vector<Duration> latency_quantiles;
  // True when latency_quantiles were interpolated between a saved run's
  // percentiles (min, p50, p90, p95, p99, p99.9, max), not taken from every answer.
  bool quantiles_interpolated = false;
  // Answers with a 2xx status in each whole second of the run (empty when
  // the measurement has no timeline).
  std::vector<uint64_t> successes_per_second;
  ServiceSignals signals;
};

// The names a service's metrics go by. orderd's are the defaults; another
// service maps its own.
struct MetricNames {
  std::string service_time = "orderd_payment_service_seconds";
  std::string queue_depth = "orderd_queue_depth";  // summed over its state labels
  std::string dead_letter_state = "dead_letter";   // a depth state that is not backlog
  std::string paid = "orderd_orders_paid_in_store";
  std::string paid_fallback = "orderd_orders_paid_total";
  // Receives after an earlier attempt, less the retries put back on purpose:
  // what is left came back because a lease expired.
  std::string redeliveries = "orderd_orders_redelivered_total";
  std::string retries = "orderd_orders_retried_total";
  std::string duplicates_refused = "orderd_duplicate_charges_refused_total";
  std::string slots = "orderd_payment_slots";
};

// The backlog a scrape shows: the queue depth summed over its states, less the
// dead letters; absent when the service exports no queue depth.
std::optional<double> backlog_of(const Scrape& scrape, const MetricNames& names);

// The load generator's side of a run.
MeasuredRun measured_from_load(const load::LoadReport& report, Duration traffic_time);

// From the run's seconds (`second`, `requests`, `failures` read): the
// requests answered within the traffic time, which is what the simulation
// counts (the generator also waits for the requests in flight at the end),
// and the successes in each whole second. Live and saved runs both go
// through here, so they count the same.
void count_per_second(const std::vector<load::SecondSummary>& seconds, MeasuredRun& run);

// The service's side, from scrapes taken from the start of the run (the first
// one before any traffic) to the end of the drain. Errors for a malformed
// histogram, naming it.
Result<ServiceSignals> signals_from_scrapes(const std::vector<TimedScrape>& scrapes,
                                            const MetricNames& names);

inline constexpr int kLatencyQuantiles = 1000;

// Fewer completions than this and a fit would be noise: calibration refuses.
inline constexpr uint64_t kMinCompletions = 20;

}  // namespace stackplan::calibrate
