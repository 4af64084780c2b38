// Exponential backoff between the attempts of a retried call: the payment
// call after a failure (every architecture) and a throttled serverless
// invocation.
#pragma once

#include <algorithm>
#include <cmath>

#include "core/duration.h"
#include "scenario/scenario.h"

namespace stackplan::sim {

// The wait before retry number `retry` (the first retry is 1): backoff, times
// multiplier for each earlier retry, capped at max_backoff.
inline Duration retry_backoff(const RetryPolicy& policy, int retry) {
  double ns = static_cast<double>(policy.backoff.ns()) * std::pow(policy.multiplier, retry - 1);
  return Duration::clamped_delay_ns(std::min(ns, static_cast<double>(policy.max_backoff.ns())));
}

}  // namespace stackplan::sim
