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

}  // namespace

int run(const OrderdConfig& config) {
  if (config.mode == Mode::kDlqList || config.mode == Mode::kDlqReplay) return dlq_command(config);
  sigset_t stop_signals = block_stop_signals();
  const bool serve_api = config.mode == Mode::kAll || config.mode == Mode::kApi;
  const bool run_workers = config.mode == Mode::kAll || config.mode == Mode::kWorker;

  auto gateway = PaymentGateway::open(config.gateway);
  if (!gateway) {
    log_event("cannot start: {}", gateway.error().message());
    return 1;
  }
  // Open once up front so a bad queue configuration fails at start-up.
  auto probe = open_store(config.store);
  if (!probe) {
    log_event("cannot start: {}", probe.error().message());
    return 1;
  }
  CircuitBreaker breaker(config.breaker_failures, config.breaker_open);
  Metrics metrics;

  std::unique_ptr<Intake> intake;
  std::unique_ptr<Api> api;
  std::unique_ptr<HttpServer> server;
  std::unique_ptr<WorkerPool> workers;

  if (serve_api) {
    StoreConfig writer_config = config.store;
    writer_config.deferred_sync = true;  // two-stage group commit, see intake.h
    auto writer_store = open_store(writer_config);
    if (!writer_store) {
      log_event("cannot start: {}", writer_store.error().message());
      return 1;
    }
    intake = std::make_unique<Intake>(std::move(*writer_store), metrics, config.commit_batch);
    api =
        std::make_unique<Api>(config.api, *intake, std::move(*probe), **gateway, breaker, metrics);
    auto started = HttpServer::start(config.http, [&api](HttpRequest&& request, Respond respond) {
      api->handle(std::move(request), std::move(respond));
    });
    if (!started) {
      log_event("cannot start: {}", started.error().message());
      return 1;
    }
    server = std::move(*started);
    if (!config.port_file.empty()) {
      if (auto s = write_port_file(config.port_file, server->port()); !s) {
        log_event("cannot start: {}", s.message());
        return 1;
      }
    }
    log_event("api listening on {}:{} (queue {}, {} threads)", config.http.bind, server->port(),
              config.store.backend, config.http.threads);
  }
  if (run_workers) {
    WorkerConfig worker_config = config.worker;
    if (worker_config.consumer == "worker")
      worker_config.consumer = "worker-" + std::to_string(getpid());
    workers = std::make_unique<WorkerPool>(
        worker_config, [&config] { return open_store(config.store); }, **gateway, breaker, metrics);
    log_event("workers started: {} threads, {} payment slots, service time {}",
              config.worker.concurrency, config.gateway.slots,
              config.gateway.service_time.describe());
  }

  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  log_event("received signal {}, shutting down", signal_number);
  auto deadline =
      std::chrono::steady_clock::now() + std::chrono::nanoseconds(config.shutdown_grace.ns());
  // Workers first finish the charges in progress; the watchdog ends the
  // process if that takes longer than the grace (leases then expire and the
  // orders are redelivered: nothing is lost).
  std::thread watchdog([deadline] {
    std::this_thread::sleep_until(deadline + std::chrono::milliseconds(500));
    log_event("shutdown grace exceeded; exiting with work in flight (it will be redelivered)");
    _exit(1);
  });
  watchdog.detach();
  // The API first: refuse new orders, commit and answer those accepted (the
  // server keeps running to send the 202s), finish sync payments in progress.
  if (api) api->stop_taking_orders();
  intake.reset();
  if (api) api->finish_sync_payments();
  if (workers) workers->stop();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // answers leave the sockets
  if (server) server->stop();
  api.reset();
  server.reset();
  log_event("stopped");
  return 0;
}

}  // namespace stackplan::orderd
