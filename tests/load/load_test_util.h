// Shared by the load generator's integration tests: options for a run against
// one URL, and a run that fails the test when the generator cannot start.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "load/load_runner.h"
#include "support/http_test_server.h"
#include "support/must.h"

namespace stackplan::load {

// One GET endpoint at `url`, on `threads` event loops; the test sets users,
// the count or the run time.
inline LoadOptions options_for(const std::string& url, int threads) {
  LoadOptions o;
  o.target = test::must(parse_url(url));
  o.plan = single_request_plan("GET", o.target.path_and_query, {}, std::nullopt);
  o.threads = threads;
  return o;
}

inline LoadReport run(const LoadOptions& o) { return test::must(run_load(o)); }

inline double ms(uint64_t ns) { return static_cast<double>(ns) / 1e6; }

}  // namespace stackplan::load
