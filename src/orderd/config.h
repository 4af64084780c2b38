// orderd's configuration: every setting is a flag and an environment
// variable (ORDERD_<FLAG>, e.g. ORDERD_PORT=8080); flags win. Durations and
// rates carry units ("300ms", "16.7/s").
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "orderd/api.h"
#include "orderd/gateway.h"
#include "orderd/http_server.h"
#include "orderd/store.h"
#include "orderd/worker.h"

namespace stackplan::orderd {

enum class Mode { kAll, kApi, kWorker, kDlqList, kDlqReplay };

struct OrderdConfig {
  Mode mode = Mode::kAll;
  HttpServerConfig http;
  StoreConfig store;
  GatewayConfig gateway;
  WorkerConfig worker;
  ApiConfig api;
  int commit_batch = 2048;    // most orders in one group commit
  std::string port_file;      // written with the bound port once listening
  int breaker_failures = 20;  // consecutive gateway failures that open the circuit
  Duration breaker_open = Duration::seconds(5);
  Duration shutdown_grace = Duration::seconds(10);
  std::vector<std::string> replay_ids;  // dlq replay: empty = all
  int dlq_limit = 100;
};

// Parses argv (and the environment). Returns the configuration, or the exit
// code to end with (help printed, or an error already reported on stderr).
struct ParsedCommandLine {
  OrderdConfig config;
  std::optional<int> exit_code;
};
ParsedCommandLine parse_command_line(int argc, char** argv);

}  // namespace stackplan::orderd
