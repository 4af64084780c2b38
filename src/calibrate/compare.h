// Measured against predicted, figure by figure: the evidence that the model
// describes the service. A figure the measurement lacks (no metrics, no queue)
// is left out rather than compared with zero.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "calibrate/measurement.h"
#include "sim/result.h"

namespace stackplan::calibrate {

struct FigureRow {
  std::string name;  // "p99 latency", "time to drain", ...
  std::string unit;  // "ms", "s", "req/s", "" for counts
  double measured = 0, predicted = 0;
  // Absolute difference that is never counted as an error: one event for a
  // count, the sampling interval for a time read from metrics, and for a
  // latency percentile the larger of 1 ms and the half-width of the measured
  // percentile's 95% confidence interval (from the number of answers).
  double slack = 0;
  // (predicted - measured) / measured; absent when measured is 0.
  std::optional<double> relative_error() const;
  // Whether the difference is within `tolerance` of the measured value, or
  // within the slack.
  bool within(double tolerance) const;
};

struct Comparison {
  std::vector<FigureRow> rows;
  // Every row within the tolerance.
  bool within(double tolerance) const;
};

// Figures of the replications (one seed each) of the fitted scenario, against
// the measured run: counts and times averaged, latency percentiles of every
// replication's answers pooled. `metrics_interval` is the slack of
// times read from scrapes.
Comparison compare(const MeasuredRun& measured, const std::vector<sim::SimResult>& predicted,
                   Duration metrics_interval);

}  // namespace stackplan::calibrate
