#include "plan/search.h"
