// `--set PATH=VALUE`: a scenario field overridden from the command line, so a
// quick what-if (`--set architecture.workers.processes=7`) needs no copy of
// the file. Overrides are applied to the loaded document before its reader
// runs, so an overridden value is checked exactly as one written in the file
// (an unknown field gets the same did-you-mean, a bad value the same error).
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "core/yaml_reader.h"

namespace stackplan {

// Sets PATH (dot-separated field names; a number indexes a list:
// `traffic.steps.0.rate`) to VALUE, read as YAML (`7`, `fifo`, `[1, 2]`,
// `{processes: 3}`). A PATH whose first name is not a top-level section
// (`workers.processes`) is looked up under the sections the document has; it
// must name a field of exactly one of them. Missing mappings on the way are
// created (the reader then judges the field names). Errors name the override.
Status apply_override(YAML::Node& root, const std::string& assignment);
Status apply_overrides(YAML::Node& root, const std::vector<std::string>& assignments);

}  // namespace stackplan
