// `stackplan plan`'s answer rendered: text for a terminal (fits 100
// columns), Markdown for a pull request, JSON for machines (schema in
// docs/OUTPUT.md, "plan"). Renderers only present: every figure and every
// reason in the output was computed by src/plan.
#pragma once

#include <string>

#include "plan/plan_result.h"

namespace stackplan::report {

std::string plan_text(const plan::PlanResult& result);
std::string plan_markdown(const plan::PlanResult& result);
std::string plan_json(const plan::PlanResult& result);  // pretty, ends in a newline

}  // namespace stackplan::report
