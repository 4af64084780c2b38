// Runs orderd in the mode its configuration names: `all` (API and workers in
// one process), `api`, `worker`, or a dead-letter-queue command. Returns the
// process exit code. SIGTERM or SIGINT stops the servers gracefully: stop
// accepting, commit and answer what was accepted, let workers finish the
// orders they are charging (up to the shutdown grace), then exit 0.
#pragma once

#include "orderd/config.h"

namespace stackplan::orderd {

int run(const OrderdConfig& config);

}  // namespace stackplan::orderd
