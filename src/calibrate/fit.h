// Fitting the model's unknowns to a measured run. The user's scenario gives
// the shape (kind, processes, concurrency, slot scope, traffic); the
// measurement gives what only a measurement can: the dependency's service
// time, its number of concurrent slots, and the API's accept latency. Each
// fitted field says what it came from, so a reader can check the fit.
#pragma once

#include <string>
#include <vector>

#include "calibrate/measurement.h"
#include "scenario/scenario.h"

namespace stackplan::calibrate {

struct FittedField {
  std::string path;    // the scenario field, e.g. architecture.dependency.service_time
  std::string value;   // as a scenario file writes it, e.g. "lognormal(mean=301ms, p99=420ms)"
  std::string source;  // what it came from, for the comment beside it in the fitted file
  // An empirical fit: its samples, which go to a file beside the fitted
  // scenario (`value` then only describes them).
  std::vector<Duration> samples;
};

struct Fit {
  Scenario scenario;                // the user's, with the fitted fields set
  std::vector<FittedField> fields;  // in the order fitted
  // Unknowns the measurement could not settle (and what was kept instead).
  std::vector<std::string> notes;
};

// A sync run saturates its dependency when the calls at once the measurement
// implies reach this share of the scenario's slots; below it the slot count
// is only bounded from below, and the scenario's value is kept. (A draining
// async backlog always saturates the workers.)
inline constexpr double kSaturatedShare = 0.85;
// A measured p99 within this factor of the mean fits a constant.
inline constexpr double kConstantSpread = 1.05;
// Sync answers slower than this many service times on average waited for a
// slot: the slots were the limit.
inline constexpr double kQueuedLatency = 1.2;
// Accept latencies spread less than this (p99 over mean) fit a constant.
inline constexpr double kAcceptConstantSpread = 1.5;

// Errors: a run too short to fit (fewer than kMinCompletions successes), a
// run whose every request failed, saying why.
Result<Fit> fit_scenario(const Scenario& model, const MeasuredRun& run);

// The drain of a measured backlog, from the end of the traffic until the
// backlog is empty (or the last point): dependency calls per second when the
// service counts its calls (repeated charges of redelivered orders take slots
// too), else orders per second off the backlog. Absent when the backlog never
// fell.
struct DrainRate {
  double per_second = 0;
  bool counts_calls = false;  // calls per second, not orders per second
};
std::optional<DrainRate> measured_drain_rate(const ServiceSignals& signals, Duration traffic_time);

// The time from the end of the traffic until the backlog was first empty;
// absent when it never was.
std::optional<Duration> measured_drain_time(const ServiceSignals& signals, Duration traffic_time);

// A duration as a scenario file writes it, to the microsecond: "301.234ms".
std::string duration_text(Duration d);

}  // namespace stackplan::calibrate
