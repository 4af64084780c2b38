// Every public header of the planner compiles on its own.
#include "plan/analysis.h"
#include "plan/candidate.h"
#include "plan/evaluate.h"
#include "plan/plan_result.h"
#include "plan/plan_spec.h"
#include "plan/search.h"
#include "report/plan_command.h"
#include "report/plan_report.h"
