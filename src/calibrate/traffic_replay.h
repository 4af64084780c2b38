// A scenario's traffic as a real load test: the same closed users (count,
// spawn rate, wait) or the same open arrival rate, for the same duration,
// sent to the endpoint of the architecture the scenario describes. This is
// what makes a measurement and a simulation of "the same test" comparable.
#pragma once

#include <string>

#include "core/duration.h"
#include "core/status.h"
#include "load/load_runner.h"
#include "scenario/scenario.h"

namespace stackplan::calibrate {

struct ReplayTarget {
  std::string url;   // the service, e.g. http://127.0.0.1:8080
  std::string path;  // empty: /orders/sync or /orders/async, by the scenario's kind
  // Longest traffic that is replayed: a month of traffic cannot be measured
  // on one machine in bounded time, and is refused naming the field.
  Duration max_traffic = Duration::seconds(15 * 60);
  // Bound on the requests an open-model replay may offer in all.
  double max_requests = 5'000'000;
  Duration request_timeout = Duration::seconds(60);
  int threads = 1;
  uint64_t seed = 1;
};

// The path orderd serves for a kind; empty for a kind orderd has no endpoint
// for (serverless), which then needs an explicit path.
std::string default_order_path(Architecture::Kind kind);

// Load options replaying `scenario`'s traffic against `target`. Errors name
// the scenario field that cannot be replayed (traffic.duration over the
// bound, with the suggestion to calibrate on a shorter window) or the URL.
Result<load::LoadOptions> replay_options(const Scenario& scenario, const ReplayTarget& target);

}  // namespace stackplan::calibrate
