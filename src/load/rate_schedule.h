// The open model's arrival rate over time: piecewise constant, so it can be a
// constant rate, a staircase of steps, or a flash-sale spike on a baseline.
// Send times come from this one schedule, whichever connection is free: a
// slow server delays responses, never the schedule (unlike wrk2, whose
// per-connection schedules silently offer less load when connections are too
// few).
#pragma once

#include <string_view>
#include <vector>

#include "core/duration.h"
#include "core/status.h"

namespace stackplan::load {

class RateSchedule {
 public:
  struct Segment {
    Duration start;     // from the start of the run
    double per_second;  // until the next segment's start (the last one lasts)
  };

  RateSchedule() = default;
  static RateSchedule constant(double per_second);
  // Segments in order of start, the first at 0 (a scenario's open traffic).
  static RateSchedule from_segments(std::vector<Segment> segments);
  // "1000/s for 10s, 2000/s for 10s, 5000/s": each step lasts its time; the
  // last one lasts to the end of the run (a last "for" is allowed and then
  // the rate drops to zero).
  static Result<RateSchedule> parse_steps(std::string_view text);
  // A spike of peak rate starting at `at` for `length`, on the baseline.
  static RateSchedule spike(double baseline, double peak, Duration at, Duration length);
  // "20000/s at 30s for 5s" on the given baseline.
  static Result<RateSchedule> parse_spike(double baseline, std::string_view text);

  double rate_at(Duration t) const;
  // The time t >= from at which the expected number of arrivals since `from`
  // reaches `arrivals`; Duration::max() when the rate stays zero.
  Duration advance(Duration from, double arrivals) const;
  // Expected arrivals in [0, until).
  double expected_arrivals(Duration until) const;
  // The same shape with every rate multiplied (one event loop's share).
  RateSchedule scaled(double factor) const;
  const std::vector<Segment>& segments() const { return segments_; }
  double peak() const;

 private:
  std::vector<Segment> segments_;
};

}  // namespace stackplan::load
