#include "plan/plan_spec.h"
