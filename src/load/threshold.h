// Pass/fail criteria on a load run, k6-style, for CI gates:
//   p95<200ms   p99.9<=1s   avg<50ms   max<2s   med<10ms   (latency, corrected)
//   failures<1%             (share of requests that failed)
//   failures<=10            (number of failed requests; no % sign)
//   rps>=4900   requests>=100000
//   dropped<=0  late<1%     (open model: sends dropped, or sent over 1 ms late)
// Operators: < <= > >=. Latency values need a unit.
// A threshold whose measure does not exist in the run (a latency when no
// response arrived, a share of zero requests) fails and says why.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "load/load_runner.h"

namespace stackplan::load {

class Threshold {
 public:
  static Result<Threshold> parse(std::string_view text);

  struct Outcome {
    std::string expression;   // as written
    double actual = 0;        // in the threshold's unit (ms, %, count, /s)
    std::string actual_text;  // "212.4ms", "0.35%", ...
    bool ok = false;
  };
  Outcome check(const LoadReport& report) const;
  const std::string& expression() const { return expression_; }

 private:
  enum class Metric {
    kLatency,
    kFailureRatio,
    kFailureCount,
    kRps,
    kRequests,
    kDropped,
    kLateRatio,
    kLateCount,
    kDroppedRatio
  };
  enum class Op { kLess, kLessEqual, kGreater, kGreaterEqual };
  const char* missing_measure(const LoadReport& report) const;
  std::string expression_;
  Metric metric_ = Metric::kLatency;
  double quantile_ = 0;  // latency: 0..1, or -1 for the mean
  Op op_ = Op::kLess;
  double limit_ = 0;  // ms, percent, count or per second
};

// True when every outcome is ok.
bool all_ok(const std::vector<Threshold::Outcome>& outcomes);

}  // namespace stackplan::load
