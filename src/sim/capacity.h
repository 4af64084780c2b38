// The back-of-the-envelope model of a scenario, before anything runs: the
// offered load, each component's capacity, the bottleneck, and a fluid model
// of the backlog (orders arrive at the rate schedule, leave at the ceiling).
// Pure computation: src/report/explain.h puts it in words. Where queueing
// dynamics the fluid model leaves out decide the answer (patience,
// autoscaling, redeliveries, throttle retries), the figure is left unset and
// `cannot_estimate` says why, rather than guessing.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/duration.h"
#include "scenario/scenario.h"

namespace stackplan::sim {

struct OfferedLoad {
  bool closed = false;          // closed model: bounded by the users
  double peak_per_second = 0;   // orders/s
  double mean_per_second = 0;   // orders/s over the traffic duration
  double orders = 0;            // offered over the run
  Duration traffic_time;        // how long traffic is offered
  bool month_stated = false;    // the run is a month (orders_per_month)
  double orders_per_month = 0;  // the mean rate over a 730-hour month
};

struct ComponentCapacity {
  std::string name;   // "payment", "workers"
  std::string basis;  // "5 slots / 3s service time x 1 process"
  // orders/s; unset: the model puts no bound on this component.
  std::optional<double> per_second;
  double utilisation_at_peak = 0;  // peak offered / capacity (0 when unbounded)
};

struct CapacityEstimate {
  OfferedLoad offered;
  std::vector<ComponentCapacity> components;
  std::optional<size_t> bottleneck;  // index into components; unset: none bounded
  std::optional<double> ceiling_per_second;
  double throughput_at_peak = 0;  // min(peak offered, ceiling), orders/s
  bool queue_grows = false;       // at some point orders arrive faster than the ceiling
  // Set only where the fluid model speaks for the simulator (see cannot_estimate).
  std::optional<double> growth_per_second;  // at the peak rate
  std::optional<double> peak_backlog;       // orders waiting at the backlog's peak
  std::optional<Duration> peak_backlog_at;  // from the start of traffic
  std::optional<Duration> drain_after_peak;
  std::optional<Duration> drain_after_traffic_end;
  // Closed model over the ceiling: the users wait, this long per response.
  std::optional<Duration> saturated_response_time;
  // Each a sentence: what the model leaves out and which figures it withholds.
  std::vector<std::string> cannot_estimate;
};

CapacityEstimate estimate_capacity(const Scenario& scenario);

}  // namespace stackplan::sim
