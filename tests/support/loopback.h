// TCP on 127.0.0.1 for tests: listening sockets on a port the kernel picks,
// connections, and sends/receives bounded by a timeout so that a test never
// hangs on a peer that does not answer.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace stackplan::test {

// A socket descriptor closed when the object goes out of scope.
class Socket {
 public:
  Socket() = default;
  explicit Socket(int fd) : fd_(fd) {}
  ~Socket();
  Socket(Socket&& other) noexcept : fd_(other.release()) {}
  Socket& operator=(Socket&& other) noexcept;
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  int fd() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  int release();

 private:
  int fd_ = -1;
};

// A socket bound to 127.0.0.1 on a port the kernel picks (SO_REUSEADDR,
// close-on-exec); listening when backlog > 0. Throws when it cannot bind.
Socket bind_loopback(uint16_t& port, int backlog = 0);
// A port on 127.0.0.1 with nothing listening on it (bound, then released).
uint16_t unused_port();
// A connection to 127.0.0.1:port; invalid when refused.
Socket connect_loopback(uint16_t port);

// The next connection on a listening socket (blocks until one arrives).
Socket accept_connection(const Socket& listener);

// Sends everything (no SIGPIPE); false when the peer went away.
bool send_all(int fd, std::string_view bytes);
// Receives until `done(received)` is true, the peer closes, or the timeout
// passes, and returns what arrived.
std::string receive_until(int fd, std::chrono::milliseconds timeout,
                          const std::function<bool(const std::string&)>& done);

}  // namespace stackplan::test
