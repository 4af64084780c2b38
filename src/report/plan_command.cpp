#include "report/plan_command.h"
