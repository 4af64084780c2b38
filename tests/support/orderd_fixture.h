// orderd in integration tests: the real binary on 127.0.0.1 with a port the
// kernel picks and its files in a test's temporary directory, on either queue
// backend (SQLite, or a redis-server of the test's own).
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "files.h"
#include "http_client.h"
#include "orderd/store.h"
#include "process.h"

namespace stackplan::test {

// One orderd process ("all", "api" or "worker"), started with --port 0 and
// a port file; the constructor returns once it answers /health (a worker,
// which has no HTTP side: once it logs that its workers started). Killed
// when destroyed unless terminated.
class Orderd {
 public:
  Orderd(const TempDir& dir, const std::string& mode, const std::vector<std::string>& flags,
         const std::string& name = "orderd", int max_open_files = 0);
  uint16_t port() const { return port_; }
  Process& process() { return process_; }
  // What the process printed so far (stdout and stderr).
  std::string log() const;

 private:
  std::string log_path_;
  Process process_;
  uint16_t port_ = 0;
};

// Runs orderd to completion (the dlq commands) and returns its stdout.
std::string run_orderd(const std::vector<std::string>& args);

// A JSON order of two items at `price`.
std::string order_body(const std::string& customer = "c1", double price = 9.99);

// How a test's redis-server keeps its data.
enum class RedisPersistence {
  kNone,             // in memory only: a restart starts empty
  kFsyncEveryWrite,  // appendonly yes, appendfsync always: a write Redis
                     // answered survives a SIGKILL
};

// A queue backend for a test: the flags that select it, and the store
// configuration to inspect it directly. "redis" starts its own redis-server
// on an unused port, with its data in dir, and stops it when destroyed.
class Backend {
 public:
  Backend(const std::string& name, const TempDir& dir,
          RedisPersistence persistence = RedisPersistence::kNone);
  ~Backend();
  const std::string& name() const { return name_; }
  std::vector<std::string> flags() const;
  orderd::StoreConfig store_config() const;
  // The redis-server process ("redis" only), to stall it with SIGSTOP.
  pid_t redis_pid() const;
  // A crash of redis-server ("redis" only): SIGKILL, and wait until it is gone.
  void kill_redis();
  // Starts redis-server ("redis" only) on the same port with the same data
  // directory; returns once it answers PING, that is once its data is loaded.
  void start_redis();

 private:
  std::string name_;
  const TempDir& dir_;
  RedisPersistence persistence_;
  uint16_t redis_port_ = 0;
  std::unique_ptr<Process> redis_;
};

// A test fixture with one `orderd` on the SQLite queue in a fresh directory;
// at the end of the test it must stop cleanly on SIGTERM (exit status 0).
class OrderdTest : public ::testing::Test {
 protected:
  // Starts `orderd <mode>` with the queue and ledger in dir, then `extra`.
  void start(const std::vector<std::string>& extra = {}, const std::string& mode = "all");
  void TearDown() override;
  uint16_t port() const { return server->port(); }
  // Fails the test unless the server still runs and answers /health.
  void expect_alive();

  TempDir dir{"orderd-test"};
  std::unique_ptr<Orderd> server;
};

// A test fixture run once per queue backend:
//   class PipelineTest : public BackendTest {};
//   INSTANTIATE_TEST_SUITE_P(Backends, PipelineTest, kBothBackends, backend_name);
class BackendTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override { backend = std::make_unique<Backend>(GetParam(), dir); }
  // The backend's flags followed by `extra`.
  std::vector<std::string> flags(const std::vector<std::string>& extra = {}) const;

  TempDir dir{"orderd-test"};
  std::unique_ptr<Backend> backend;
};

inline const auto kBothBackends = ::testing::Values("sqlite", "redis");
inline std::string backend_name(const ::testing::TestParamInfo<std::string>& info) {
  return info.param;
}

}  // namespace stackplan::test
