#include "load/worker.h"

#include <fcntl.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <tuple>

namespace stackplan::load {
namespace {

constexpr int64_t kSecond = 1'000'000'000;
constexpr size_t kReadBufferBytes = 64 * 1024;
constexpr int kNoError = -1;

uint64_t pack(uint32_t index, uint32_t generation) {
  return (static_cast<uint64_t>(generation) << 32) | index;
}

// A failure while connecting. A reset means the server accepted the
// connection and then dropped it: that is the server's doing, not a network
// that cannot be reached, so it is counted with the other resets.
ErrorKind connect_error_kind(int err) {
  if (err == ECONNREFUSED) return ErrorKind::kConnectRefused;
  if (err == ECONNRESET || err == EPIPE) return ErrorKind::kReset;
  return ErrorKind::kConnectError;
}

}  // namespace

int64_t monotonic_ns() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * kSecond + ts.tv_nsec;
}

Worker::Worker(WorkerConfig config)
    : config_(std::move(config)),
      rng_(config_.options->seed, static_cast<uint64_t>(config_.index)),
      quota_(config_.request_quota),
      read_buffer_(kReadBufferBytes) {
  epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  size_t slots =
      open_model() ? static_cast<size_t>(config_.max_connections) : config_.user_spawn_ns.size();
  connections_.resize(slots);
  stats_.resize(config_.builders->size());
  if (open_model()) {
    idle_.reserve(slots);
    unused_.reserve(slots);
    for (size_t i = slots; i-- > 0;) unused_.push_back(static_cast<uint32_t>(i));
    backlog_.resize(config_.options->max_backlog);
  }
  std::vector<Timer> storage;
  storage.reserve(slots + 1);
  timers_ = decltype(timers_)(std::greater<Timer>(), std::move(storage));
  deferred_.reserve(slots);
  deferred_now_.reserve(slots);
}

Worker::~Worker() {
  for (auto& c : connections_)
    if (c.fd >= 0) ::close(c.fd);
  if (epoll_fd_ >= 0) ::close(epoll_fd_);
}

std::vector<SecondRow> Worker::take_seconds() {
  std::lock_guard<std::mutex> lock(seconds_mutex_);
  std::vector<SecondRow> out;
  out.swap(finished_seconds_);
  return out;
}

void Worker::watch(uint32_t index, bool out) {
  Connection& c = connections_[index];
  if (c.watching_out == out) return;
  epoll_event ev{};
  ev.events = EPOLLIN | (out ? EPOLLOUT : 0u);
  ev.data.u64 = pack(index, c.generation);
  epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, c.fd, &ev);
  c.watching_out = out;
}

void Worker::close_connection(uint32_t index) {
  Connection& c = connections_[index];
  if (c.fd < 0) return;
  ::close(c.fd);  // also removes it from the epoll set
  c.fd = -1;
  c.state = State::kClosed;
  c.watching_out = false;
  c.requests_on_connection = 0;
  c.leftover_bytes = false;
  ++c.generation;
  --open_connections_;
}

void Worker::start_connect(uint32_t index) {
  Connection& c = connections_[index];
  const Endpoint& to = *config_.address;
  int fd = ::socket(to.address.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    deferred_.push_back({index, errno});
    return;
  }
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  c.fd = fd;
  c.state = State::kConnecting;
  ++open_connections_;
  ++send_stats_.connections_opened;
  send_stats_.peak_connections = std::max(send_stats_.peak_connections, open_connections_);
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLOUT;
  ev.data.u64 = pack(index, c.generation);
  c.watching_out = true;
  epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&to.address), to.length) < 0 &&
      errno != EINPROGRESS) {
    deferred_.push_back({index, errno});
  }
  // Success (even immediate) is reported by EPOLLOUT.
}

void Worker::on_connected(uint32_t index, int64_t now) {
  Connection& c = connections_[index];
  int err = 0;
  socklen_t len = sizeof err;
  getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &err, &len);
  if (err != 0) {
    on_io_error(index, err, now);
    return;
  }
  c.state = State::kIdle;
  if (c.has_request) {
    write_request(index, now);
  } else {
    watch(index, false);
    connection_free(index, now);
  }
}

void Worker::assign_request(uint32_t index, int64_t intended_ns) {
  Connection& c = connections_[index];
  ++issued_;
  c.endpoint = static_cast<uint32_t>(config_.picker->pick(rng_));
  const RequestBuilder& builder = (*config_.builders)[c.endpoint];
  if (!builder.constant_request().empty()) {
    c.send_data = builder.constant_request().data();
    c.send_len = builder.constant_request().size();
  } else {
    c.request.clear();
    builder.render(rng_, sequence_, c.request, c.scratch);
    c.send_data = c.request.data();
    c.send_len = c.request.size();
  }
  c.send_off = 0;
  c.has_request = true;
  c.retried = false;
  c.intended_ns = intended_ns;
  c.sent_ns = 0;
  int64_t now = monotonic_ns();
  c.deadline_ns = now + config_.options->timeout.ns();
  c.parser.reset(builder.is_head());
  if (c.fd < 0) {
    start_connect(index);
  } else if (c.state == State::kIdle) {
    write_request(index, now);
  }
}

void Worker::write_request(uint32_t index, int64_t now) {
  Connection& c = connections_[index];
  if (c.send_off == 0 && c.sent_ns == 0) {
    c.sent_ns = now;
    ++send_stats_.sends;
    ++current_second_.sends;
    Duration lag = Duration::nanoseconds(now - c.intended_ns);
    if (open_model() && lag > kLateThreshold) {
      ++send_stats_.late_sends;
      ++current_second_.late_sends;
    }
    send_stats_.max_send_lag = std::max(send_stats_.max_send_lag, lag);
  }
  ssize_t n = ::send(c.fd, c.send_data + c.send_off, c.send_len - c.send_off, MSG_NOSIGNAL);
  if (n < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      c.state = State::kSending;
      watch(index, true);
    } else {
      on_io_error(index, errno, now);
    }
    return;
  }
  c.send_off += static_cast<size_t>(n);
  if (c.send_off == c.send_len) {
    c.state = State::kAwaiting;
    watch(index, false);
  } else {
    c.state = State::kSending;
    watch(index, true);
  }
}

void Worker::on_readable(uint32_t index, int64_t now) {
  Connection& c = connections_[index];
  char* buf = read_buffer_.data();
  while (true) {
    ssize_t n = ::recv(c.fd, buf, read_buffer_.size(), 0);
    if (n == 0) {
      on_io_error(index, 0, now);
      return;
    }
    if (n < 0) {
      if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) on_io_error(index, errno, now);
      return;
    }
    if (!c.has_request) {  // bytes nobody asked for: drop the connection
      close_connection(index);
      if (open_model()) unused_.push_back(index);
      return;
    }
    auto progress = c.parser.feed(buf, static_cast<size_t>(n));
    if (progress == HttpResponseParser::Progress::kComplete) {
      // Bytes after the response belong to no request: were the connection
      // reused, the next response would be read from them.
      if (c.parser.consumed() < static_cast<size_t>(n)) c.leftover_bytes = true;
      finish_request(index, c.parser.status(), kNoError, now);
      return;
    }
    if (progress == HttpResponseParser::Progress::kError) {
      finish_request(index, 0, static_cast<int>(ErrorKind::kBadResponse), now);
      return;
    }
    if (static_cast<size_t>(n) < read_buffer_.size()) return;  // drained: no read ending in EAGAIN
  }
}

// err: an errno value, or 0 for an orderly close by the server.
void Worker::on_io_error(uint32_t index, int err, int64_t now) {
  Connection& c = connections_[index];
  if (!c.has_request) {  // an idle keep-alive connection closed by the server
    close_connection(index);
    if (open_model()) unused_.push_back(index);
    return;
  }
  if (c.state == State::kConnecting || c.fd < 0) {
    finish_request(index, 0, static_cast<int>(connect_error_kind(err)), now);
    return;
  }
  if (err == 0 && c.parser.body_until_close()) {
    finish_request(index, c.parser.status(), kNoError, now);
    return;
  }
  if (!c.parser.started() && c.requests_on_connection > 0 && !c.retried) {
    // The server closed a reused keep-alive connection before reading the
    // request: send it again on a fresh connection, as HTTP clients do.
    close_connection(index);
    c.retried = true;
    c.send_off = 0;
    c.parser.reset((*config_.builders)[c.endpoint].is_head());
    ++send_stats_.reconnects;
    start_connect(index);
    return;
  }
  finish_request(index, 0, static_cast<int>(ErrorKind::kReset), now);
}

void Worker::finish_request(uint32_t index, int status, int error_kind, int64_t now) {
  Connection& c = connections_[index];
  c.has_request = false;
  EndpointStats& s = stats_[c.endpoint];
  auto latency = static_cast<uint64_t>(std::max<int64_t>(0, now - c.intended_ns));
  auto service = c.sent_ns ? static_cast<uint64_t>(std::max<int64_t>(0, now - c.sent_ns)) : latency;
  ++s.requests;
  s.latency.record(latency);
  s.service_time.record(service);
  s.locust_latency.record(latency);
  if (error_kind == static_cast<int>(ErrorKind::kTimeout) && !issuing_) ++send_stats_.unfinished;
  bool failed = error_kind != kNoError || status >= 400;
  if (error_kind != kNoError) {
    ++s.error_counts[static_cast<size_t>(error_kind)];
  } else {
    static_assert(std::tuple_size_v<decltype(s.status_counts)> > HttpResponseParser::kMaxStatus);
    ++s.status_counts[static_cast<size_t>(status)];  // the parser keeps it in 100-599
    s.body_bytes += c.parser.body_bytes();
  }
  if (failed) {
    ++s.failures;
    ++current_second_.failures;
  }
  ++current_second_.requests;
  current_second_.latency.record(latency);
  ++completed_;
  last_response_ns_ = now;
  ++c.requests_on_connection;
  if (error_kind != kNoError || c.parser.connection_close() || c.leftover_bytes) {
    close_connection(index);
  } else {
    c.state = State::kIdle;
  }
  connection_free(index, now);
}

void Worker::connection_free(uint32_t index, int64_t now) {
  if (!issuing_) return;  // the run is over: the connection gets no new request
  Connection& c = connections_[index];
  if (!open_model()) {
    if (now >= config_.end_ns) return;
    Duration think = config_.options->wait.sample(rng_);
    // A failed connect is retried through the timer queue, never recursively.
    if (think.ns() <= 0 && c.fd >= 0) {
      next_user_request(index, now);
    } else {
      timers_.push({now + std::max<int64_t>(think.ns(), 0), index});
    }
    return;
  }
  if (backlog_size_ > 0 && may_issue()) {
    Backlogged due = backlog_[backlog_head_];
    backlog_head_ = (backlog_head_ + 1) % backlog_.size();
    --backlog_size_;
    assign_request(index, due.intended_ns);
    return;
  }
  if (c.fd >= 0) {
    idle_.push_back(index);
  } else {
    unused_.push_back(index);
  }
}

void Worker::next_user_request(uint32_t index, int64_t now) {
  if (!issuing_ || !may_issue() || now >= config_.end_ns) return;
  assign_request(index, monotonic_ns());
}

void Worker::dispatch_arrival(int64_t intended_ns, int64_t now) {
  if (!may_issue()) return;
  ++send_stats_.scheduled;
  while (!idle_.empty()) {
    uint32_t index = idle_.back();
    idle_.pop_back();
    if (connections_[index].fd >= 0 && connections_[index].state == State::kIdle) {
      assign_request(index, intended_ns);
      return;
    }
  }
  if (!unused_.empty()) {
    uint32_t index = unused_.back();
    unused_.pop_back();
    assign_request(index, intended_ns);
    return;
  }
  if (backlog_size_ < backlog_.size()) {
    backlog_[(backlog_head_ + backlog_size_) % backlog_.size()] = {intended_ns};
    ++backlog_size_;
    return;
  }
  ++send_stats_.dropped_sends;
  ++current_second_.dropped_sends;
  (void)now;
}

void Worker::process_deferred(int64_t now) {
  deferred_now_.clear();
  deferred_now_.swap(deferred_);
  for (const Deferred& d : deferred_now_) {
    Connection& c = connections_[d.index];
    close_connection(d.index);
    if (c.has_request) {
      finish_request(d.index, 0, static_cast<int>(connect_error_kind(d.err)), now);
    } else if (open_model()) {
      unused_.push_back(d.index);
    }
  }
}

}  // namespace stackplan::load
