// Reading of the scenario's traffic: section (closed users, open rates,
// steps, spike, daily curve, monthly volume). Split from scenario_parser.cpp
// because each shape has its own rules.
#pragma once

#include "scenario/scenario.h"
#include "scenario/yaml_reader.h"

namespace stackplan {

// A month for volume-based traffic, as AWS prices it: 730 hours.
inline constexpr Duration kMonth = Duration::seconds(730 * 3600);

void read_traffic(MapReader m, Traffic& t);

}  // namespace stackplan
