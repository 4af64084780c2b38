// Test helpers: RAII child processes that are always killed, a temporary
// directory, and a minimal blocking HTTP/1.1 client (raw sockets, so tests
// can also send malformed and half-finished requests).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "orderd/store.h"

namespace orderd_test {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// A child process killed with SIGKILL when the guard goes out of scope.
class Process {
 public:
  // stderr and stdout go to log_path.
  // max_open_files > 0: the child's RLIMIT_NOFILE.
  Process(const std::vector<std::string>& argv, const std::string& log_path,
          int max_open_files = 0);
  ~Process();
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  pid_t pid() const { return pid_; }
  bool running();
  void kill9();
  // SIGTERM and wait; returns the exit status (or -1 on timeout, then killed).
  int terminate(std::chrono::milliseconds timeout = std::chrono::seconds(10));

 private:
  int reap(std::chrono::milliseconds timeout);
  pid_t pid_ = -1;
  int status_ = -1;
};

// orderd with an ephemeral port; extra flags are appended after the mode.
class Orderd {
 public:
  Orderd(const TempDir& dir, const std::string& mode, std::vector<std::string> flags,
         const std::string& name = "orderd", int max_open_files = 0);
  uint16_t port() const { return port_; }
  Process& process() { return process_; }
  std::string log() const;

 private:
  std::string log_path_;
  Process process_;
  uint16_t port_ = 0;
};

std::string orderd_binary();
// Runs orderd to completion (dlq commands) and returns its stdout.
std::string run_orderd(const std::vector<std::string>& args);

struct HttpResult {
  int status = 0;                              // 0: no answer
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  nlohmann::json json() const { return nlohmann::json::parse(body, nullptr, false); }
};

HttpResult http(uint16_t port, const std::string& method, const std::string& target,
                const std::string& body = "",
                const std::map<std::string, std::string>& headers = {});
// Sends raw bytes, optionally keeps the connection open without sending
// more, and returns whatever came back (parsed) within the timeout.
HttpResult raw_http(uint16_t port, const std::string& bytes, std::chrono::milliseconds timeout);
// A TCP connection to 127.0.0.1:port (-1 if refused); the caller closes it.
int connect_to(uint16_t port);
// Sends bytes on an open connection and reads one response, leaving the
// connection open (keep-alive).
HttpResult exchange(int fd, const std::string& bytes, std::chrono::milliseconds timeout);

std::string order_body(const std::string& customer = "c1", double price = 9.99);

// Polls until pred() or the timeout; returns pred()'s last value.
template <typename Pred>
bool eventually(Pred pred, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (pred()) return true;
    struct timespec ts {
      0, 20 * 1000 * 1000
    };
    nanosleep(&ts, nullptr);
  }
  return pred();
}

// A free TCP port on 127.0.0.1 (bound then released).
uint16_t free_port();

}  // namespace orderd_test

namespace orderd_test {

// A queue backend for a test: the flags that select it, and the store
// configuration to inspect it directly. "redis" starts its own redis-server on
// an ephemeral port (no persistence) and stops it when destroyed.
class Backend {
 public:
  Backend(const std::string& name, const TempDir& dir);
  ~Backend();
  const std::string& name() const { return name_; }
  std::vector<std::string> flags() const;
  stackplan::orderd::StoreConfig store_config() const;
  // The redis-server process ("redis" only), to stall it with SIGSTOP.
  pid_t redis_pid() const;

 private:
  std::string name_;
  const TempDir& dir_;
  uint16_t redis_port_ = 0;
  std::unique_ptr<Process> redis_;
};

}  // namespace orderd_test
