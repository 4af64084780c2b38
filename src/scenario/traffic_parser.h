// Reading of the scenario's traffic: section (closed users, open rates,
// steps, spike, daily curve, monthly volume). Split from scenario_parser.cpp
// because each shape has its own rules.
#pragma once

#include "core/yaml_reader.h"
#include "scenario/scenario.h"

namespace stackplan {

// A month for volume-based traffic, as AWS prices it: 730 hours.
inline constexpr Duration kMonth = Duration::seconds(730 * 3600);

// What one simulated run can cover. Below kSlowestRate the gaps between
// orders are weeks long (write orders_per_month instead); beyond
// kFastestRatePerSecond or kMostOrdersPerRun a run would take hours (a month
// at 100/s, 263 M orders, takes under a minute); kLongestRun bounds every duration in a scenario so
// that the simulated clock stays far inside int64 nanoseconds.
inline constexpr double kSlowestRatePerSecond = 1e-6;
inline constexpr double kFastestRatePerSecond = 1e6;
inline constexpr double kMostOrdersPerRun = 1e9;
inline constexpr Duration kLongestRun = Duration::seconds(366 * 86400);

void read_traffic(MapReader m, Traffic& t);

}  // namespace stackplan
