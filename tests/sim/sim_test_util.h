#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "scenario/scenario.h"
#include "sim/simulator.h"

namespace stackplan::sim {

inline Scenario load_example(const std::string& name) {
  const char* root = std::getenv("STACKPLAN_SOURCE_DIR");
  EXPECT_NE(root, nullptr);
  auto s = parse_scenario_file(std::string(root) + "/examples/" + name);
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message());
  return s.ok() ? *s : Scenario{};
}

inline SimResult run(const Scenario& s, uint64_t seed = 1, bool timeline = false) {
  auto r = simulate(s, SimOptions{seed, timeline});
  EXPECT_TRUE(r.ok());
  return *r;
}

inline double ms(uint64_t ns) { return static_cast<double>(ns) / 1e6; }

}  // namespace stackplan::sim
