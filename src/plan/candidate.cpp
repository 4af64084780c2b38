#include "plan/candidate.h"
