#include "orderd_fixture.h"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace stackplan::test {
namespace {

constexpr auto kStartTimeout = std::chrono::seconds(10);
constexpr auto kRedisStartTimeout = std::chrono::seconds(5);
constexpr auto kRedisStopTimeout = std::chrono::seconds(3);
// What a worker process logs once its threads run (app.cpp).
constexpr const char* kWorkersStarted = "workers started:";

std::vector<std::string> orderd_argv(const TempDir& dir, const std::string& mode,
                                     const std::vector<std::string>& flags,
                                     const std::string& name) {
  std::vector<std::string> argv = {orderd_binary(),         mode, "--port", "0", "--port-file",
                                   dir.file(name + ".port")};
  argv.insert(argv.end(), flags.begin(), flags.end());
  std::filesystem::remove(dir.file(name + ".port"));
  return argv;
}

}  // namespace

Orderd::Orderd(const TempDir& dir, const std::string& mode, const std::vector<std::string>& flags,
               const std::string& name, int max_open_files)
    : log_path_(dir.file(name + ".log")),
      process_(orderd_argv(dir, mode, flags, name), log_path_, max_open_files) {
  if (mode == "worker") {
    // No HTTP side: wait for its start-up line, so a test's orders do not all
    // go to the workers that happened to start first. A worker that exits
    // at once (a test of a bad configuration) is the test's to check.
    eventually(
        [&] { return log().find(kWorkersStarted) != std::string::npos || !process_.running(); },
        kStartTimeout);
    return;
  }
  std::string port_file = dir.file(name + ".port");
  bool listening = eventually(
      [&] {
        std::ifstream in(port_file);
        int port = 0;
        if (in >> port) port_ = static_cast<uint16_t>(port);
        return port_ != 0 || !process_.running();
      },
      kStartTimeout);
  if (!listening || port_ == 0) throw std::runtime_error("orderd did not start: " + log());
  bool healthy =
      eventually([&] { return http(port_, "GET", "/health").status == 200 || !process_.running(); },
                 kStartTimeout);
  if (!healthy || !process_.running())
    throw std::runtime_error("orderd does not answer /health: " + log());
}

std::string Orderd::log() const {
  std::ifstream in(log_path_);
  std::stringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

std::string run_orderd(const std::vector<std::string>& args) {
  std::string command = orderd_binary();
  for (const auto& a : args) command += " '" + a + "'";
  return run_command(command, /*capture_stderr=*/false).output;
}

std::string order_body(const std::string& customer, double price) {
  return nlohmann::json{{"customer_id", customer},
                        {"items", {{{"product_id", "p1"}, {"quantity", 2}, {"price", price}}}}}
      .dump();
}

namespace {

bool redis_answers_ping(uint16_t port) {
  Socket connection = connect_loopback(port);
  if (!connection.valid() || !send_all(connection.fd(), "PING\r\n")) return false;
  std::string reply = receive_until(connection.fd(), std::chrono::seconds(1),
                                    [](const std::string& r) { return r.size() >= 5; });
  return reply.rfind("+PONG", 0) == 0;
}

}  // namespace

Backend::Backend(const std::string& name, const TempDir& dir, RedisPersistence persistence)
    : name_(name), dir_(dir), persistence_(persistence) {
  if (name_ != "redis") return;
  redis_port_ = unused_port();
  start_redis();
}

void Backend::start_redis() {
  if (name_ != "redis") return;
  bool fsync_every_write = persistence_ == RedisPersistence::kFsyncEveryWrite;
  std::vector<std::string> argv = {"/usr/bin/redis-server",
                                   "--port",
                                   std::to_string(redis_port_),
                                   "--bind",
                                   "127.0.0.1",
                                   "--save",
                                   "",
                                   "--appendonly",
                                   fsync_every_write ? "yes" : "no",
                                   "--dir",
                                   dir_.path()};
  if (fsync_every_write) argv.insert(argv.end(), {"--appendfsync", "always"});
  redis_ = std::make_unique<Process>(argv, dir_.file("redis.log"));
  if (!eventually([&] { return redis_answers_ping(redis_port_); }, kRedisStartTimeout))
    throw std::runtime_error("redis-server did not start");
}

void Backend::kill_redis() {
  if (redis_) redis_->kill9();
}

Backend::~Backend() {
  if (redis_) redis_->terminate(kRedisStopTimeout);
}

std::vector<std::string> Backend::flags() const {
  if (name_ == "redis")
    return {"--queue",  "redis",
            "--redis",  "127.0.0.1:" + std::to_string(redis_port_),
            "--ledger", dir_.file("charges.db")};
  return {"--db", dir_.file("queue.db"), "--ledger", dir_.file("charges.db")};
}

pid_t Backend::redis_pid() const { return redis_ ? redis_->pid() : -1; }

orderd::StoreConfig Backend::store_config() const {
  orderd::StoreConfig config;
  config.backend = name_;
  config.sqlite_path = dir_.file("queue.db");
  config.redis_port = redis_port_;
  return config;
}

void OrderdTest::start(const std::vector<std::string>& extra, const std::string& mode) {
  std::vector<std::string> flags = {"--db", dir.file("queue.db"), "--ledger",
                                    dir.file("charges.db")};
  flags.insert(flags.end(), extra.begin(), extra.end());
  server = std::make_unique<Orderd>(dir, mode, flags);
}

void OrderdTest::TearDown() {
  if (server) {
    EXPECT_EQ(server->process().terminate(), 0) << server->log();
  }
}

void OrderdTest::expect_alive() {
  EXPECT_TRUE(server->process().running()) << server->log();
  EXPECT_EQ(http(port(), "GET", "/health").status, 200);
}

std::vector<std::string> BackendTest::flags(const std::vector<std::string>& extra) const {
  auto all = backend->flags();
  all.insert(all.end(), extra.begin(), extra.end());
  return all;
}

}  // namespace stackplan::test
