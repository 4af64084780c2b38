// `stackplan cost` as a library call: a scenario's deploy/usage/stages/tco/
// break_even sections priced against the catalog and rendered. The command
// line only maps its flags to a CostRequest and prints the CostOutput.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"

namespace stackplan::cost {

struct CostRequest {
  std::string scenario_path;
  std::vector<std::string> platforms;  // empty: the scenario's own list
  std::string from_sim;                // a `simulate --json` file for usage; empty: none
  std::string format = "text";         // text | markdown | json | csv
  std::string catalog_dir;             // empty: find_catalog_dir's places
  bool no_free_tier = false;
  std::vector<std::string> overrides;  // --set PATH=VALUE, applied in order
};

struct CostOutput {
  std::string report;  // rendered in the requested format
  // Some platform or growth stage could not be priced: the report is partial
  // and the command fails.
  bool incomplete = false;
  // Why each failed platform could not be priced, for formats with no place
  // for it in the report (the text format shows it inside).
  std::vector<std::string> errors;
};

// Errors (bad format, catalog, scenario or simulation file; a TCO or
// break-even that cannot be computed) mean no report at all.
Result<CostOutput> run_cost_command(const CostRequest& request);

}  // namespace stackplan::cost
