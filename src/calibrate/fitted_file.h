// The fitted scenario as a file: the user's scenario with each fitted field
// set, a comment beside it saying what it came from, so the file can be read,
// checked, committed and simulated like any other.
#pragma once

#include <string>

#include "calibrate/fit.h"
#include "core/status.h"

namespace stackplan::calibrate {

// `original_text` is the scenario file the fit started from; `header` goes
// first, one comment line per line. The user's own comments are not kept
// (the file is re-emitted), which the header says.
Result<std::string> fitted_scenario_yaml(const std::string& original_text, const Fit& fit,
                                         const std::string& header);

}  // namespace stackplan::calibrate
