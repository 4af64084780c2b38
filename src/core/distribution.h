// Service-time and think-time distributions, parsed from scenario text:
//   3s                          constant
//   constant(3s)
//   uniform(100ms, 500ms)
//   exponential(10ms)           by its mean
//   lognormal(mean=3s, p99=8s)  also lognormal(3s, 8s)
//   empirical(samples.txt)      resampled from a file of durations, one a line
//                               (with unit, e.g. "2.95s", or bare milliseconds)
// A Distribution is a plain value with no virtual calls: sampling sits on the
// simulator's hot path.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/duration.h"
#include "core/rng.h"
#include "core/status.h"

namespace stackplan {

class Distribution {
 public:
  enum class Kind { kConstant, kUniform, kExponential, kLognormal, kEmpirical };

  Distribution() = default;
  static Distribution constant(Duration d);
  static Distribution uniform(Duration lo, Duration hi);
  static Distribution exponential(Duration mean);
  // Fails when p99 is not above the mean, or so far above it that no
  // lognormal has both (p99/mean must be below about 14.9).
  static Result<Distribution> lognormal(Duration mean, Duration p99);
  static Result<Distribution> empirical(std::vector<Duration> samples);

  // base_dir resolves a relative empirical(file) path.
  static Result<Distribution> parse(std::string_view text, const std::string& base_dir = ".");

  Duration sample(Rng& rng) const {
    switch (kind_) {
      case Kind::kConstant:
        return Duration::nanoseconds(static_cast<int64_t>(a_));
      case Kind::kUniform:
        return Duration::nanoseconds(static_cast<int64_t>(a_ + (b_ - a_) * rng.uniform()));
      // The tails of these two are unbounded: a draw is clamped to
      // Duration::longest() so that now + draw cannot overflow.
      case Kind::kExponential:
        return Duration::clamped_delay_ns(rng.exponential(a_));
      case Kind::kLognormal:
        return Duration::clamped_delay_ns(std::exp(a_ + b_ * rng.normal()));
      case Kind::kEmpirical:
        return (*samples_)[rng.below(samples_->size())];
    }
    return Duration();
  }

  Kind kind() const { return kind_; }
  // The distribution's mean, used for capacity arithmetic and reports.
  Duration mean() const;
  // The largest duration its definition names (the constant, uniform's hi,
  // exponential's mean, lognormal's p99, the largest empirical sample): what
  // a caller bounds to keep the simulated clock far from overflow.
  Duration largest_parameter() const;
  std::string describe() const;

 private:
  Kind kind_ = Kind::kConstant;
  // Constant: a_ = value (ns). Uniform: [a_, b_] ns. Exponential: a_ = mean ns.
  // Lognormal: a_ = mu, b_ = sigma of ln(ns).
  double a_ = 0, b_ = 0;
  std::shared_ptr<const std::vector<Duration>> samples_;
  std::string source_;  // the empirical file, for describe()
};

}  // namespace stackplan
