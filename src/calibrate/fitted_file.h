// The fitted scenario as a file: the user's scenario with each fitted field
// set, a comment beside it saying what it came from, so the file can be read,
// checked, committed and simulated like any other.
#pragma once

#include <functional>
#include <string>

#include "calibrate/fit.h"
#include "core/status.h"

namespace stackplan::calibrate {

// `original_text` is the scenario file the fit started from; `header` goes
// first, one comment line per line. The user's own comments are not kept
// (the file is re-emitted), which the header says. An empirical field is
// written as empirical(samples_file(path)); its samples go in that file
// (samples_text), relative to the fitted scenario.
Result<std::string> fitted_scenario_yaml(
    const std::string& original_text, const Fit& fit, const std::string& header,
    const std::function<std::string(const std::string& path)>& samples_file = {});

// The samples of an empirical field, one duration per line, as
// empirical(file) reads them.
std::string samples_text(const FittedField& field);

// The samples file of a field beside `fitted_path`: fitted.yaml and
// architecture.api.accept_latency give fitted.accept_latency.txt.
std::string samples_file_beside(const std::string& fitted_path, const std::string& field_path);

}  // namespace stackplan::calibrate
