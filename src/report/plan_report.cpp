#include "report/plan_report.h"
