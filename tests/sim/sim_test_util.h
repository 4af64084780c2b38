// Simulator helpers for the sim tests, over the shared test support: each
// stops the test at the caller's line with the parser's or the simulator's
// own message, instead of carrying on with an empty scenario or result.
#pragma once

#include <cstdint>
#include <string>

#include "scenario/scenario.h"
#include "sim/simulator.h"
#include "support/files.h"
#include "support/must.h"
#include "support/source_location.h"

namespace stackplan::sim {

// A scenario of examples/.
inline Scenario load_example(
    const std::string& name,
    ::stackplan::test::SourceLocation where = ::stackplan::test::SourceLocation::current()) {
  return test::must(parse_scenario_file(test::source_path("examples/" + name)), where);
}

// A scenario written inline in the test.
inline Scenario from_text(
    const std::string& text,
    ::stackplan::test::SourceLocation where = ::stackplan::test::SourceLocation::current()) {
  return test::must(parse_scenario_text(text, "t"), where);
}

inline SimResult run(
    const Scenario& s, uint64_t seed = 1, bool timeline = false,
    ::stackplan::test::SourceLocation where = ::stackplan::test::SourceLocation::current()) {
  return test::must(simulate(s, SimOptions{seed, timeline}), where);
}

inline double ms(uint64_t ns) { return static_cast<double>(ns) / 1e6; }

}  // namespace stackplan::sim
