#include "orderd/app.h"

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <future>
#include <thread>

#include "orderd/log.h"

namespace stackplan::orderd {
namespace {

// How long past the shutdown grace the watchdog waits before ending the process.
constexpr auto kWatchdogSlack = std::chrono::milliseconds(500);
// Time for the last answers to leave the sockets before the server stops.
constexpr auto kLastAnswersLeave = std::chrono::milliseconds(100);

// Blocks SIGTERM/SIGINT in every thread started after this, so that the main
// thread alone receives them through sigwait().
sigset_t block_stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  return set;
}

Status write_port_file(const std::string& path, uint16_t port) {
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp);
    out << port << "\n";
    if (!out) return Error("cannot write " + tmp);
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) return Error("cannot rename " + tmp);
  return Status::Ok();
}

int dlq_command(const OrderdConfig& config) {
  auto store = open_store(config.store);
  if (!store) {
    std::fprintf(stderr, "orderd: %s\n", store.error().message().c_str());
    return 1;
  }
  if (config.mode == Mode::kDlqList) {
    auto letters = (*store)->dead_letters(config.dlq_limit);
    if (!letters) {
      std::fprintf(stderr, "orderd: %s\n", letters.error().message().c_str());
      return 1;
    }
    for (const OrderRecord& order : *letters) std::printf("%s\n", order_json(order).c_str());
    return 0;
  }
  auto replayed = (*store)->replay_dead_letters(config.replay_ids);
  if (!replayed) {
    std::fprintf(stderr, "orderd: %s\n", replayed.error().message().c_str());
    return 1;
  }
  std::printf("replayed %d orders\n", *replayed);
  log_event("dlq replay: {} orders back in the queue", *replayed);
  return 0;
}

// Everything a running orderd owns, declared in the order it is built so
// that an early return destroys it in reverse.
struct Services {
  explicit Services(const OrderdConfig& config)
      : breaker(config.breaker_failures, config.breaker_open) {}
  std::unique_ptr<PaymentGateway> gateway;
  CircuitBreaker breaker;
  Metrics metrics;
  std::unique_ptr<Intake> intake;
  std::unique_ptr<Api> api;
  std::unique_ptr<HttpServer> server;
  std::unique_ptr<WorkerPool> workers;
};

// The API side: its own writer store for the intake, `reads` for lookups,
// and the HTTP server, listening once this returns.
Status start_api(const OrderdConfig& config, std::unique_ptr<OrderStore> reads,
                 Services& services) {
  StoreConfig writer_config = config.store;
  writer_config.deferred_sync = true;  // two-stage group commit, see intake.h
  auto writer_store = open_store(writer_config);
  if (!writer_store) return writer_store.error();
  services.intake =
      std::make_unique<Intake>(std::move(*writer_store), services.metrics, config.commit_batch);
  services.api = std::make_unique<Api>(config.api, *services.intake, std::move(reads),
                                       *services.gateway, services.breaker, services.metrics);
  auto started = HttpServer::start(
      config.http, [api = services.api.get()](HttpRequest&& request, Respond respond) {
        api->handle(std::move(request), std::move(respond));
      });
  if (!started) return started.error();
  services.server = std::move(*started);
  if (!config.port_file.empty()) {
    if (auto written = write_port_file(config.port_file, services.server->port()); !written)
      return written;
  }
  log_event("api listening on {}:{} (queue {}, {} threads)", config.http.bind,
            services.server->port(), config.store.backend, config.http.threads);
  return Status::Ok();
}

void start_workers(const OrderdConfig& config, Services& services) {
  WorkerConfig worker_config = config.worker;
  if (worker_config.consumer == "worker")
    worker_config.consumer = "worker-" + std::to_string(getpid());
  services.workers = std::make_unique<WorkerPool>(
      worker_config, [&config] { return open_store(config.store); }, *services.gateway,
      services.breaker, services.metrics);
  log_event("workers started: {} threads, {} payment slots, service time {}",
            config.worker.concurrency, config.gateway.slots,
            config.gateway.service_time.describe());
}

// Opens the gateway and the queue, then starts what the mode asks for.
Status start(const OrderdConfig& config, Services& services) {
  auto gateway = PaymentGateway::open(config.gateway);
  if (!gateway) return gateway.error();
  services.gateway = std::move(*gateway);
  services.gateway->record_service_times_in(&services.metrics.payment_service);
  // Open once up front so a bad queue configuration fails at start-up; the
  // API then uses this connection for its reads.
  auto probe = open_store(config.store);
  if (!probe) return probe.error();
  if (config.mode == Mode::kAll || config.mode == Mode::kApi) {
    if (auto started = start_api(config, std::move(*probe), services); !started) return started;
  }
  if (config.mode == Mode::kAll || config.mode == Mode::kWorker) start_workers(config, services);
  return Status::Ok();
}

// Beyond the shutdown grace, ends the process with work in flight (leases
// then expire and the orders are redelivered: nothing is lost).
void start_shutdown_watchdog(Duration grace) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::nanoseconds(grace.ns());
  std::thread watchdog([deadline] {
    std::this_thread::sleep_until(deadline + kWatchdogSlack);
    log_event("shutdown grace exceeded; exiting with work in flight (it will be redelivered)");
    _exit(1);
  });
  watchdog.detach();
}

// The API first: refuse new orders, commit and answer those accepted (the
// server keeps running to send the 202s), finish sync payments in progress;
// then the workers finish the charges in progress.
void drain(const OrderdConfig& config, Services& services) {
  start_shutdown_watchdog(config.shutdown_grace);
  if (services.api) services.api->stop_taking_orders();
  services.intake.reset();
  if (services.api) services.api->finish_sync_payments();
  if (services.workers) services.workers->stop();
  std::this_thread::sleep_for(kLastAnswersLeave);
  if (services.server) services.server->stop();
  services.api.reset();
  services.server.reset();
}

}  // namespace

int run(const OrderdConfig& config) {
  if (config.mode == Mode::kDlqList || config.mode == Mode::kDlqReplay) return dlq_command(config);
  sigset_t stop_signals = block_stop_signals();
  Services services(config);
  if (auto started = start(config, services); !started) {
    log_event("cannot start: {}", started.message());
    return 1;
  }
  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  log_event("received signal {}, shutting down", signal_number);
  drain(config, services);
  log_event("stopped");
  return 0;
}

}  // namespace stackplan::orderd
