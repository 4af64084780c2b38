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
  // The space searched: names the cases, variants and platforms, and
  // describes candidates (Candidate::describe) for the renderers.
  PlanSpec spec;
  SearchResult search;
  std::vector<FlipPoint> volume_flips;
  std::vector<FlipPoint> peak_flips;
  std::vector<SensitivityRow> sensitivity;
  std::vector<VariantPayback> payback;
  // Analyses that could not be done (a flip-point search that failed), in
  // words: the report shows them, the search's answer stands.
  std::vector<std::string> notes;
};

}  // namespace stackplan::plan
