#include "plan/analysis.h"
