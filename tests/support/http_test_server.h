// A small HTTP/1.1 server for integration tests (the load generator's), run on
// threads inside the test process on 127.0.0.1 with an ephemeral port. One
// thread per connection, blocking sockets: simple enough to be obviously
// right, and the tests use tens of connections, not thousands.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "loopback.h"

namespace stackplan::test {

struct TestServerConfig {
  std::chrono::microseconds delay{0};  // before every response
  int status = 200;
  std::string body = "hello";
  bool chunked = false;
  int close_every = 0;  // answer with Connection: close every N responses (0 = never)
  // Requests that arrive in [stall_from, stall_from + stall_for) after start()
  // are held until the stall ends: the server freezes for a while.
  std::chrono::milliseconds stall_from{0}, stall_for{0};
  // Ways to misbehave, for the failure-accounting tests.
  enum class Misbehaviour {
    kNone,
    kNeverAnswer,        // reads requests and never answers
    kResetOnAccept,      // resets (RST) every connection as soon as it is accepted
    kResetAfterRequest,  // reads one request, then resets the connection
  };
  Misbehaviour misbehaviour = Misbehaviour::kNone;
  // When not empty: sent verbatim as the answer to every request, instead of
  // a generated response (for malformed responses).
  std::string raw_response;
};

class TestServer {
 public:
  explicit TestServer(TestServerConfig config);
  ~TestServer();  // stops the server
  uint16_t port() const { return port_; }
  std::string url(const std::string& path = "/") const;
  uint64_t requests_received() const { return received_.load(); }
  uint64_t connections_accepted() const { return accepted_.load(); }

 private:
  void accept_loop();
  void serve(int fd);

  TestServerConfig config_;
  Socket listener_;
  uint16_t port_ = 0;
  std::chrono::steady_clock::time_point started_;
  std::atomic<bool> stopping_{false};
  std::atomic<uint64_t> received_{0}, accepted_{0};
  std::thread acceptor_;
  std::mutex mutex_;
  std::vector<std::thread> handlers_;
  std::vector<int> fds_;
};

}  // namespace stackplan::test
