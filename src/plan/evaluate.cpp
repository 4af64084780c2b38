#include "plan/evaluate.h"
