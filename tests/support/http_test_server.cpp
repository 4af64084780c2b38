#include "http_test_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>
#include <string_view>

namespace stackplan::test {
namespace {

// Closing with a zero linger time sends RST instead of FIN.
void reset_connection(int fd) {
  linger abort_now{1, 0};
  setsockopt(fd, SOL_SOCKET, SO_LINGER, &abort_now, sizeof abort_now);
}

size_t content_length(std::string_view head) {
  for (std::string_view key : {"Content-Length:", "content-length:"}) {
    size_t at = head.find(key);
    if (at != std::string_view::npos)
      return std::stoul(std::string(head.substr(at + key.size(), 20)));
  }
  return 0;
}

}  // namespace

TestServer::TestServer(TestServerConfig config) : config_(std::move(config)) {
  constexpr int kBacklog = 1024;
  listener_ = bind_loopback(port_, kBacklog);
  started_ = std::chrono::steady_clock::now();
  acceptor_ = std::thread([this] { accept_loop(); });
}

TestServer::~TestServer() {
  stopping_ = true;
  ::shutdown(listener_.fd(), SHUT_RDWR);
  acceptor_.join();
  std::vector<std::thread> handlers;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (int fd : fds_) ::shutdown(fd, SHUT_RDWR);
    handlers.swap(handlers_);
  }
  for (auto& t : handlers) t.join();
}

std::string TestServer::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

void TestServer::accept_loop() {
  while (!stopping_) {
    int fd = ::accept4(listener_.fd(), nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
      if (stopping_) return;
      continue;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    ++accepted_;
    if (config_.misbehaviour == TestServerConfig::Misbehaviour::kResetOnAccept) {
      reset_connection(fd);
      ::close(fd);
      continue;
    }
    std::lock_guard<std::mutex> lock(mutex_);
    fds_.push_back(fd);
    handlers_.emplace_back([this, fd] { serve(fd); });
  }
}

void TestServer::serve(int fd) {
  std::string buffer;
  char chunk[16384];
  uint64_t answered = 0;
  auto read_more = [&] {
    ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer.append(chunk, static_cast<size_t>(n));
    return true;
  };
  while (!stopping_) {
    size_t head_end;
    bool open = true;
    while (open && (head_end = buffer.find("\r\n\r\n")) == std::string::npos) open = read_more();
    if (!open) break;
    size_t need = head_end + 4 + content_length(std::string_view(buffer).substr(0, head_end));
    while (open && buffer.size() < need) open = read_more();
    if (!open) break;
    buffer.erase(0, need);
    ++received_;
    using Misbehaviour = TestServerConfig::Misbehaviour;
    if (config_.misbehaviour == Misbehaviour::kNeverAnswer) continue;
    if (config_.misbehaviour == Misbehaviour::kResetAfterRequest) {
      reset_connection(fd);
      break;
    }
    if (!config_.raw_response.empty()) {
      if (!send_all(fd, config_.raw_response)) break;
      continue;
    }
    auto arrived = std::chrono::steady_clock::now() - started_;
    if (config_.stall_for.count() > 0 && arrived >= config_.stall_from &&
        arrived < config_.stall_from + config_.stall_for)
      std::this_thread::sleep_until(started_ + config_.stall_from + config_.stall_for);
    if (config_.delay.count() > 0) std::this_thread::sleep_for(config_.delay);
    ++answered;
    bool close_now =
        config_.close_every > 0 && answered % static_cast<uint64_t>(config_.close_every) == 0;
    std::string response = "HTTP/1.1 " + std::to_string(config_.status) + " Status\r\n";
    if (close_now) response += "Connection: close\r\n";
    if (config_.chunked) {
      response += "Transfer-Encoding: chunked\r\n\r\n";
      size_t half = config_.body.size() / 2;
      auto hex = [](size_t n) {
        char b[20];
        std::snprintf(b, sizeof b, "%zx", n);
        return std::string(b);
      };
      if (half) response += hex(half) + ";ext=1\r\n" + config_.body.substr(0, half) + "\r\n";
      response += hex(config_.body.size() - half) + "\r\n" + config_.body.substr(half) + "\r\n";
      response += "0\r\nX-Trailer: yes\r\n\r\n";
    } else {
      response +=
          "Content-Length: " + std::to_string(config_.body.size()) + "\r\n\r\n" + config_.body;
    }
    if (!send_all(fd, response) || close_now) break;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& f : fds_)
    if (f == fd) f = -1;
  ::close(fd);
}

}  // namespace stackplan::test
