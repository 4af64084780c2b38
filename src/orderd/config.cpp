#include "orderd/config.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <functional>
#include <thread>

#include "core/units.h"
#include "stackplan/version.h"

namespace stackplan::orderd {
namespace {

// Zero would mean "wait forever" to hiredis; past minutes a stalled Redis
// holds every request that long.
constexpr Duration kMinRedisTimeout = Duration::milliseconds(1);
constexpr Duration kMaxRedisTimeout = Duration::seconds(600);

// Text options converted after parsing, so errors name the flag.
struct TextOptions {
  std::string request_timeout = "5s";
  std::string max_body = "64KB";
  std::string payment_time = "3s";
  std::string visibility_timeout = "30s";
  std::string backoff_base = "1s";
  std::string backoff_max = "60s";
  std::string poll_interval = "50ms";
  std::string max_backlog_drain = "10m";
  std::string drain_rate;
  std::string breaker_open = "5s";
  std::string shutdown_grace = "10s";
  std::string redis = "127.0.0.1:6379";
  std::string redis_timeout = "10s";
  std::string durability = "fsync";
  std::string payment_scope = "per_process";
};

template <typename T>
CLI::Option* flag(CLI::App& app, const std::string& name, T& value, const std::string& help) {
  std::string env = "ORDERD_" + name.substr(2);
  for (char& c : env) c = c == '-' ? '_' : static_cast<char>(std::toupper(c));
  return app.add_option(name, value, help)->envname(env)->capture_default_str();
}

Status duration_flag(const std::string& flag, const std::string& text, Duration& out) {
  auto d = parse_duration(text);
  if (!d) return Error(flag + ": " + d.error().message());
  out = *d;
  return Status::Ok();
}

Status convert_durations(const TextOptions& t, OrderdConfig& c) {
  Status s;
  if (!(s = duration_flag("--request-timeout", t.request_timeout, c.http.request_timeout)))
    return s;
  if (!(s = duration_flag("--visibility-timeout", t.visibility_timeout,
                          c.worker.visibility_timeout)))
    return s;
  if (!(s = duration_flag("--backoff-base", t.backoff_base, c.worker.backoff_base))) return s;
  if (!(s = duration_flag("--backoff-max", t.backoff_max, c.worker.backoff_max))) return s;
  if (!(s = duration_flag("--poll-interval", t.poll_interval, c.worker.poll_interval))) return s;
  if (t.max_backlog_drain == "off" || t.max_backlog_drain == "0")
    c.api.max_backlog_drain = Duration();
  else if (!(s = duration_flag("--max-backlog-drain", t.max_backlog_drain,
                               c.api.max_backlog_drain)))
    return s;
  if (!(s = duration_flag("--breaker-open", t.breaker_open, c.breaker_open))) return s;
  return duration_flag("--shutdown-grace", t.shutdown_grace, c.shutdown_grace);
}

Status convert_api_and_payment(const TextOptions& t, OrderdConfig& c) {
  auto bytes = parse_bytes(t.max_body);
  if (!bytes) return Error("--max-body: " + bytes.error().message());
  c.http.max_body_bytes = static_cast<size_t>(*bytes);
  auto service = Distribution::parse(t.payment_time);
  if (!service) return Error("--payment-time: " + service.error().message());
  c.gateway.service_time = *service;
  if (t.drain_rate.empty()) {
    // Default: what one worker process's gateway slots can pay.
    double mean_s = c.gateway.service_time.mean().seconds_f();
    c.api.drain_rate_per_second = mean_s > 0 ? c.gateway.slots / mean_s : 0;
  } else {
    auto rate = parse_rate(t.drain_rate);
    if (!rate) return Error("--drain-rate: " + rate.error().message());
    c.api.drain_rate_per_second = rate->per_second;
  }
  return Status::Ok();
}

Status convert_queue_and_scope(const TextOptions& t, OrderdConfig& c) {
  if (auto s = duration_flag("--redis-timeout", t.redis_timeout, c.store.redis_timeout); !s)
    return s;
  if (c.store.redis_timeout < kMinRedisTimeout || c.store.redis_timeout > kMaxRedisTimeout)
    return Error(fmt::format("--redis-timeout: must be {} ms to {} s",
                             kMinRedisTimeout.ns() / 1000000, kMaxRedisTimeout.ns() / 1000000000));
  auto colon = t.redis.rfind(':');
  if (colon == std::string::npos) return Error("--redis: expected host:port");
  c.store.redis_host = t.redis.substr(0, colon);
  c.store.redis_port = std::atoi(t.redis.c_str() + colon + 1);
  if (t.payment_scope != "per_process" && t.payment_scope != "global")
    return Error("--payment-scope: expected per_process or global");
  c.gateway.shared_slots = t.payment_scope == "global";
  if (t.durability != "fsync" && t.durability != "os")
    return Error("--durability: expected fsync or os");
  c.store.fsync = t.durability == "fsync";
  return Status::Ok();
}

// The text options into the configuration; the first bad one is the error.
Status convert(const TextOptions& t, OrderdConfig& c) {
  if (auto s = convert_durations(t, c); !s) return s;
  if (auto s = convert_api_and_payment(t, c); !s) return s;
  return convert_queue_and_scope(t, c);
}

void add_server_flags(CLI::App& app, OrderdConfig& c, TextOptions& t) {
  flag(app, "--bind", c.http.bind, "address to listen on");
  flag(app, "--port", c.http.port, "port (0: ephemeral; see --port-file)");
  flag(app, "--port-file", c.port_file, "write the bound port here once listening");
  flag(app, "--threads", c.http.threads, "HTTP threads");
  flag(app, "--max-body", t.max_body, "largest request body");
  flag(app, "--max-header", c.http.max_header_bytes, "largest request header block, bytes");
  flag(app, "--request-timeout", t.request_timeout, "time to receive one whole request");
}

void add_queue_flags(CLI::App& app, OrderdConfig& c, TextOptions& t) {
  flag(app, "--queue", c.store.backend, "queue backend: sqlite | redis");
  flag(app, "--db", c.store.sqlite_path, "SQLite queue file");
  flag(app, "--durability", t.durability, "sqlite: fsync (each commit fsync'd) | os");
  flag(app, "--commit-batch", c.commit_batch, "most orders per group commit");
  flag(app, "--redis", t.redis, "Redis host:port");
  flag(app, "--redis-prefix", c.store.redis_prefix, "Redis key prefix");
  flag(app, "--redis-timeout", t.redis_timeout,
       "longest wait for one Redis reply (then the write is settled, see docs)");
}

void add_payment_flags(CLI::App& app, OrderdConfig& c, TextOptions& t) {
  flag(app, "--payment-slots", c.gateway.slots, "concurrent gateway calls per process");
  flag(app, "--payment-time", t.payment_time, "gateway service time (a distribution)");
  flag(app, "--payment-scope", t.payment_scope,
       "per_process: slots per process (as in the flash-sale case) | global: one limit for every "
       "process on the ledger");
  flag(app, "--payment-failure-rate", c.gateway.failure_rate, "share of gateway calls failing");
  flag(app, "--ledger", c.gateway.ledger_path, "charge ledger file (shared by processes)");
  flag(app, "--seed", c.gateway.seed, "gateway random seed (0: from the clock)");
}

void add_worker_flags(CLI::App& app, OrderdConfig& c, TextOptions& t) {
  flag(app, "--concurrency", c.worker.concurrency, "worker threads per process");
  flag(app, "--visibility-timeout", t.visibility_timeout, "lease on a claimed order");
  flag(app, "--max-attempts", c.worker.max_attempts, "attempts before dead-lettering");
  flag(app, "--backoff-base", t.backoff_base, "first retry delay (doubles each attempt)");
  flag(app, "--backoff-max", t.backoff_max, "longest retry delay");
  flag(app, "--poll-interval", t.poll_interval, "worker wait when the queue is empty");
  flag(app, "--consumer", c.worker.consumer, "consumer name (unique per worker process)");
}

void add_admission_and_shutdown_flags(CLI::App& app, OrderdConfig& c, TextOptions& t) {
  flag(app, "--max-backlog-drain", t.max_backlog_drain,
       "429 above this drain time (0 or off: never)");
  flag(app, "--drain-rate", t.drain_rate, "expected drain rate (default: slots/service time)");
  flag(app, "--sync-concurrency", c.api.sync_concurrency, "sync requests charged at once");
  flag(app, "--breaker-failures", c.breaker_failures, "failures opening the circuit (0: off)");
  flag(app, "--breaker-open", t.breaker_open, "how long the circuit stays open");
  flag(app, "--shutdown-grace", t.shutdown_grace, "time allowed for in-flight work on SIGTERM");
}

// The modes, as subcommands; returns the mode that was chosen once parsed.
std::function<Mode()> add_modes(CLI::App& app, OrderdConfig& c) {
  app.require_subcommand(1);
  auto* all = app.add_subcommand("all", "API and workers in one process");
  auto* api = app.add_subcommand("api", "the HTTP API only");
  auto* worker = app.add_subcommand("worker", "workers only");
  auto* dlq = app.add_subcommand("dlq", "inspect or replay the dead-letter queue");
  dlq->require_subcommand(1);
  auto* dlq_list = dlq->add_subcommand("list", "print dead-lettered orders as JSON lines");
  auto* dlq_replay = dlq->add_subcommand("replay", "put dead-lettered orders back in the queue");
  dlq_replay->add_option("ids", c.replay_ids, "order ids (default: all)");
  dlq_list->add_option("--limit", c.dlq_limit, "most orders to list");
  return [=, &c] {
    if (all->parsed()) return Mode::kAll;
    if (api->parsed()) return Mode::kApi;
    if (worker->parsed()) return Mode::kWorker;
    if (dlq_list->parsed()) return Mode::kDlqList;
    if (dlq_replay->parsed()) return Mode::kDlqReplay;
    return c.mode;
  };
}

}  // namespace

ParsedCommandLine parse_command_line(int argc, char** argv) {
  ParsedCommandLine parsed;
  OrderdConfig& c = parsed.config;
  TextOptions t;
  c.http.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  CLI::App app{"orderd: the flash-sale order pipeline with a durable queue"};
  app.fallthrough(true);
  app.set_version_flag("--version", "orderd " + std::string(kVersion));
  auto chosen_mode = add_modes(app, c);
  add_server_flags(app, c, t);
  add_queue_flags(app, c, t);
  add_payment_flags(app, c, t);
  add_worker_flags(app, c, t);
  add_admission_and_shutdown_flags(app, c, t);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    parsed.exit_code = app.exit(e);
    return parsed;
  }
  c.mode = chosen_mode();
  if (auto s = convert(t, c); !s) {
    std::fprintf(stderr, "orderd: %s\n", s.message().c_str());
    parsed.exit_code = 2;
  }
  return parsed;
}

}  // namespace stackplan::orderd
