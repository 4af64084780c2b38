// Everything `stackplan plan` found, as the renderers (src/report/plan_report.h)
// and docs/OUTPUT.md's JSON schema present it.
#pragma once

#include <string>
#include <vector>

#include "plan/analysis.h"
#include "plan/plan_spec.h"
#include "plan/search.h"

namespace stackplan::plan {

struct PlanResult {
  std::string scenario;  // the scenario's name
  std::string file;
  SearchResult search;
  std::vector<FlipPoint> volume_flips;
  std::vector<FlipPoint> peak_flips;
  std::vector<SensitivityRow> sensitivity;
  std::vector<VariantPayback> payback;
};

}  // namespace stackplan::plan
