#include "calibrate/metrics_sampler.h"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <utility>

namespace stackplan::calibrate {
namespace {

namespace http = boost::beast::http;
using Clock = std::chrono::steady_clock;

// Bytes read from the socket at a time.
constexpr size_t kReadChunkBytes = 16384;
// The status line and headers of a /metrics answer: a few hundred bytes.
constexpr uint32_t kMaxHeaderBytes = 16384;
constexpr int kHttpOk = 200;

class OwnedFd {
 public:
  explicit OwnedFd(int fd) : fd_(fd) {}
  ~OwnedFd() {
    if (fd_ >= 0) ::close(fd_);
  }
  OwnedFd(const OwnedFd&) = delete;
  OwnedFd& operator=(const OwnedFd&) = delete;
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

std::string seconds_text(Duration d) {
  char text[32];
  std::snprintf(text, sizeof text, "%g s", d.seconds_f());
  return text;
}

// Waits until fd is ready for `events` or the deadline passes (false then).
bool wait_for(int fd, short events, Clock::time_point deadline) {
  while (true) {
    auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    pollfd p{fd, events, 0};
    int ready = ::poll(&p, 1, static_cast<int>(left));
    if (ready > 0) return true;
    if (ready < 0 && errno != EINTR) return false;
  }
}

Status connect_before(int fd, const load::Endpoint& endpoint, Clock::time_point deadline,
                      const std::string& where, Duration timeout) {
  const auto* address = reinterpret_cast<const sockaddr*>(&endpoint.address);
  if (::connect(fd, address, endpoint.length) != 0 && errno != EINPROGRESS)
    return Error(where + ": cannot connect to " + endpoint.describe() + " (" +
                 std::strerror(errno) + ")");
  if (!wait_for(fd, POLLOUT, deadline))
    return Error(where + ": no connection to " + endpoint.describe() + " within " +
                 seconds_text(timeout) + " (timeout)");
  int failure = 0;
  socklen_t length = sizeof failure;
  ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &failure, &length);
  if (failure != 0)
    return Error(where + ": cannot connect to " + endpoint.describe() + " (" +
                 std::strerror(failure) + ")");
  return Status::Ok();
}

Status send_before(int fd, std::string_view bytes, Clock::time_point deadline,
                   const std::string& where, Duration timeout) {
  while (!bytes.empty()) {
    ssize_t sent = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (sent > 0) {
      bytes.remove_prefix(static_cast<size_t>(sent));
    } else if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
      if (!wait_for(fd, POLLOUT, deadline))
        return Error(where + ": could not send the request within " + seconds_text(timeout) +
                     " (timeout)");
    } else {
      return Error(where + ": sending the request failed (" + std::strerror(errno) + ")");
    }
  }
  return Status::Ok();
}

// A TCP connection to the URL's host and port, open within the deadline; the
// caller owns the descriptor.
Result<int> connect_to(const load::Url& url, Clock::time_point deadline, Duration timeout,
                       const std::string& where) {
  auto endpoint = load::resolve(url);
  if (!endpoint.ok()) return Error(where + ": " + endpoint.error().message());
  OwnedFd socket(
      ::socket(endpoint->address.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (socket.get() < 0)
    return Error(where + ": cannot open a socket (" + std::string(std::strerror(errno)) + ")");
  if (auto s = connect_before(socket.get(), *endpoint, deadline, where, timeout); !s.ok())
    return Error(s.message());
  return socket.release();
}

std::string too_large(const std::string& where) {
  return where + ": the answer is larger than the " + std::to_string(kMaxScrapeBytes >> 20) +
         " MiB a scrape may have";
}

}  // namespace

std::string url_text(const load::Url& url) {
  return "http://" + url.host_header() + url.path_and_query;
}

Status check_reachable(const load::Url& url, Duration timeout) {
  const auto deadline = Clock::now() + std::chrono::nanoseconds(timeout.ns());
  auto fd = connect_to(url, deadline, timeout, url_text(url));
  if (!fd) return fd.error();
  OwnedFd closed_on_return(*fd);
  return Status::Ok();
}

Result<std::string> http_get(const load::Url& url, Duration timeout) {
  const std::string where = url_text(url);
  const auto deadline = Clock::now() + std::chrono::nanoseconds(timeout.ns());
  auto fd = connect_to(url, deadline, timeout, where);
  if (!fd) return fd.error();
  OwnedFd socket(*fd);
  const std::string request = "GET " + url.path_and_query +
                              " HTTP/1.1\r\nHost: " + url.host_header() +
                              "\r\nAccept: text/plain;version=0.0.4\r\n"
                              "User-Agent: stackplan\r\nConnection: close\r\n\r\n";
  if (auto s = send_before(socket.get(), request, deadline, where, timeout); !s.ok())
    return Error(s.message());

  http::response_parser<http::string_body> parser;
  parser.header_limit(kMaxHeaderBytes);
  parser.body_limit(kMaxScrapeBytes);
  parser.eager(true);
  std::string unparsed;
  char chunk[kReadChunkBytes];
  while (!parser.is_done()) {
    if (!wait_for(socket.get(), POLLIN, deadline))
      return Error(where + ": no complete answer within " + seconds_text(timeout) + " (timeout)");
    ssize_t got = ::recv(socket.get(), chunk, sizeof chunk, 0);
    if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) continue;
    if (got < 0) return Error(where + ": reading the answer failed (" + std::strerror(errno) + ")");
    boost::system::error_code ec;
    if (got == 0) {  // the server closed: the end of a body without a length, or a cut answer
      parser.put_eof(ec);
      if (ec) return Error(where + ": the connection closed before the answer was complete");
      break;
    }
    unparsed.append(chunk, static_cast<size_t>(got));
    while (!unparsed.empty() && !parser.is_done()) {
      size_t used = parser.put(boost::asio::buffer(unparsed), ec);
      unparsed.erase(0, used);
      if (ec == http::error::body_limit) return Error(too_large(where));
      if (ec && ec != http::error::need_more)
        return Error(where + ": the answer is not HTTP (" + ec.message() + ")");
      if (parser.is_header_done() && parser.get().result_int() != kHttpOk) break;
      // Boost 1.74 does not apply body_limit to a Content-Length (chunked bodies it does).
      if (parser.is_header_done() && parser.content_length().value_or(0) > kMaxScrapeBytes)
        return Error(too_large(where));
      if (ec == http::error::need_more || used == 0) break;
    }
    if (parser.is_header_done() && parser.get().result_int() != kHttpOk) break;
  }
  // Not worth reading the rest of an error page: the status says enough.
  if (parser.get().result_int() != kHttpOk)
    return Error(where + ": answered HTTP " + std::to_string(parser.get().result_int()) +
                 ", expected 200");
  return std::move(parser.release().body());
}

Result<Scrape> scrape_once(const load::Url& url, Duration timeout) {
  auto body = http_get(url, timeout);
  if (!body.ok()) return body.error();
  auto scrape = parse_prometheus_text(*body, url_text(url));
  if (!scrape.ok()) return scrape.error();
  if (scrape->samples.empty())
    return Error(url_text(url) + ": the answer has no metric in it (is it a Prometheus /metrics?)");
  return scrape;
}

MetricsSampler::MetricsSampler(load::Url url, Duration interval, Duration timeout,
                               size_t max_scrapes)
    : url_(std::move(url)),
      interval_(std::max(interval, kMinSampleInterval)),
      timeout_(timeout),
      max_scrapes_(max_scrapes) {}

MetricsSampler::~MetricsSampler() { stop(); }

void MetricsSampler::start() {
  if (thread_.joinable()) return;
  if (!origin_) origin_ = Clock::now();
  {
    std::lock_guard lock(mu_);
    stopping_ = false;
  }
  thread_ = std::thread([this] { run(); });
}

void MetricsSampler::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

namespace {
// The first tick after now on the grid next, next + interval, ...: ticks
// missed by a slow scrape are skipped.
Clock::time_point next_tick(Clock::time_point next, std::chrono::nanoseconds interval) {
  const auto now = Clock::now();
  if (next > now) return next;
  return next + interval * ((now - next) / interval + 1);
}
}  // namespace

void MetricsSampler::run() {
  const std::chrono::nanoseconds interval(interval_.ns());
  auto next = Clock::now();
  std::unique_lock lock(mu_);
  while (!stopping_) {
    lock.unlock();
    (void)scrape_and_record();
    lock.lock();
    next = next_tick(next + interval, interval);
    wake_.wait_until(lock, next, [this] { return stopping_; });
  }
}

bool MetricsSampler::sample_until(const std::function<bool(const Scrape&)>& done, Duration limit) {
  stop();
  const auto now = Clock::now();
  if (!origin_) origin_ = now;
  const std::chrono::nanoseconds interval(interval_.ns());
  const auto deadline = now + std::chrono::nanoseconds(limit.ns());
  auto next = now;
  while (true) {
    auto scrape = scrape_and_record();
    if (scrape && done(*scrape)) return true;
    next = next_tick(next + interval, interval);
    if (next > deadline) return false;
    std::this_thread::sleep_until(next);
  }
}

std::optional<Scrape> MetricsSampler::scrape_and_record() {
  const auto at = Clock::now() - *origin_;
  auto body = http_get(url_, timeout_);
  Result<Scrape> scrape =
      body.ok() ? parse_prometheus_text(*body, url_text(url_)) : Result<Scrape>(body.error());
  std::lock_guard lock(mu_);
  if (!scrape.ok()) {
    if (failed_++ == 0) first_error_ = scrape.error().message();
    return std::nullopt;
  }
  if (scrapes_.size() < max_scrapes_) {
    scrapes_.push_back(
        {Duration::nanoseconds(std::chrono::duration_cast<std::chrono::nanoseconds>(at).count()),
         *scrape});
  } else {
    truncated_ = true;
  }
  return std::move(scrape).value();
}

std::vector<TimedScrape> MetricsSampler::scrapes() const {
  std::lock_guard lock(mu_);
  return scrapes_;
}

uint64_t MetricsSampler::failed_scrapes() const {
  std::lock_guard lock(mu_);
  return failed_;
}

std::string MetricsSampler::first_error() const {
  std::lock_guard lock(mu_);
  return first_error_;
}

bool MetricsSampler::truncated() const {
  std::lock_guard lock(mu_);
  return truncated_;
}

}  // namespace stackplan::calibrate
