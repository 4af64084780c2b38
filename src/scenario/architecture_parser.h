// Reading of the scenario's architecture: section (kind, api, queue,
// workers, dependency, retry, autoscaling, function). Field names and
// defaults: docs/SCENARIOS.md.
#pragma once

#include "core/yaml_reader.h"
#include "scenario/scenario.h"

namespace stackplan {

void read_architecture(MapReader m, Architecture& a);

}  // namespace stackplan
