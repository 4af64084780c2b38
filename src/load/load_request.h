// The options of `stackplan load` as the user gives them, and the one place
// that checks them: a LoadRequest (flags as text) becomes LoadOptions (parsed
// values) or a message naming the flag.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "load/load_runner.h"

namespace stackplan::load {

struct LoadRequest {
  std::string url;                    // empty: the plan's base_url
  std::string plan_file;              // empty: one request made of method, headers and body
  std::optional<std::string> method;  // unset: GET
  std::vector<std::string> headers;   // "Name: value"
  std::optional<std::string> body;
  int threads = 0;

  // Closed model; unset means not given, which matters next to the open model.
  std::optional<int> users;
  std::optional<double> spawn_rate;
  std::optional<std::string> wait;  // a distribution; Locust's between(a, b) too
  // Closed: users, one connection each (wrk's -c); open: opened up front.
  int connections = 0;

  // Open model: any of rate or steps makes it open.
  std::string rate, steps, spike;
  std::string arrivals = "constant";
  int max_connections = 1024;
  size_t max_backlog = 100000;

  std::string run_time;  // empty: no time limit
  uint64_t requests = 0;
  std::string timeout = "10s";
  uint64_t seed = 1;
};

// Flags that cannot go together, and flag values from a fixed set: checked
// before anything is parsed or read.
Status validate(const LoadRequest& request);

// Values that a run cannot use (no stop condition, no endpoints, bounds on
// threads, rates, connections and timeout). run_load checks them too.
Status validate(const LoadOptions& options);

// Both checks, the plan file read, and every value parsed.
Result<LoadOptions> build_load_options(const LoadRequest& request);

}  // namespace stackplan::load
