#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <stdexcept>
#include <string>
#include <utility>

#include "scenario/scenario.h"
#include "sim/simulator.h"

namespace stackplan::sim {

// The helpers below cannot ASSERT (they return a value), and carrying on with
// an empty scenario can run for the whole test timeout: they throw instead,
// which fails the test at once with the parser's or simulator's message.
inline Scenario parse_or_fail(Result<Scenario> s) {
  if (!s.ok()) throw std::runtime_error("scenario does not parse: " + s.error().message());
  return std::move(*s);
}

inline Scenario load_example(const std::string& name) {
  const char* root = std::getenv("STACKPLAN_SOURCE_DIR");
  if (root == nullptr) throw std::runtime_error("STACKPLAN_SOURCE_DIR is not set");
  return parse_or_fail(parse_scenario_file(std::string(root) + "/examples/" + name));
}

inline Scenario from_text(const std::string& text) {
  return parse_or_fail(parse_scenario_text(text, "t"));
}

inline SimResult run(const Scenario& s, uint64_t seed = 1, bool timeline = false) {
  auto r = simulate(s, SimOptions{seed, timeline});
  if (!r.ok()) throw std::runtime_error("simulation failed: " + r.error().message());
  return *r;
}

inline double ms(uint64_t ns) { return static_cast<double>(ns) / 1e6; }

}  // namespace stackplan::sim
