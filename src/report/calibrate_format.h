// `stackplan calibrate`'s outcome for people (text, fits 100 columns) and
// for machines (JSON, schema in docs/OUTPUT.md).
#pragma once

#include <optional>
#include <string>

#include "calibrate/calibrate.h"

namespace stackplan::report {

// `tolerance` (a share, 0.1 for 10%) marks each figure within or outside;
// absent: errors are shown, nothing is judged.
std::string calibration_text(const calibrate::CalibrateOutcome& outcome,
                             std::optional<double> tolerance);
std::string calibration_json(const calibrate::CalibrateOutcome& outcome,
                             std::optional<double> tolerance);

}  // namespace stackplan::report
