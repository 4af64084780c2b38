// The only translation unit that includes Boost.Beast.
#include "orderd/http_server.h"

#include <fmt/format.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <optional>
#include <thread>

#include "orderd/log.h"
#include "orderd/order.h"

namespace stackplan::orderd {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

std::chrono::nanoseconds to_chrono(Duration d) { return std::chrono::nanoseconds(d.ns()); }

// Out of file descriptors (or kernel memory for sockets), accept fails at
// once for as long as the condition lasts; retrying at once spins a core.
// The pending connections wait in the listen backlog meanwhile.
constexpr auto kAcceptBackoff = std::chrono::milliseconds(100);

HttpResponse error_response(int status, std::string_view error, std::string_view detail) {
  HttpResponse r;
  r.status = status;
  r.body = error_json(error, detail);
  return r;
}

using BeastRequest = http::request<http::string_body>;

// What the handlers get from a parsed request. Handlers echo the path in
// their answers and logs; a byte that is not text is refused here, once for
// every route.
Result<HttpRequest> to_request(BeastRequest& req) {
  if (!is_printable_utf8(std::string_view(req.target().data(), req.target().size())))
    return Error(
        "the request target must be UTF-8 text without control characters; percent-encode "
        "other bytes");
  HttpRequest request;
  request.method = std::string(req.method_string());
  request.target = std::string(req.target());
  request.body = std::move(req.body());
  if (auto it = req.find("Idempotency-Key"); it != req.end())
    request.idempotency_key = std::string(it->value());
  return request;
}

class Session;

// The answer to one request: sent at most once. If every copy of the
// Respond dies unanswered (the handler threw, or lost it), the client gets a
// 500 instead of a connection that hangs until it times out.
class PendingAnswer {
 public:
  explicit PendingAnswer(std::shared_ptr<Session> session) : session_(std::move(session)) {}
  PendingAnswer(const PendingAnswer&) = delete;
  PendingAnswer& operator=(const PendingAnswer&) = delete;
  ~PendingAnswer();
  void send(HttpResponse response);

 private:
  std::shared_ptr<Session> session_;
  std::atomic<bool> answered_{false};
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, const HttpServerConfig& config, const HttpHandler& handler)
      : socket_(std::move(socket)),
        timer_(socket_.get_executor()),
        config_(config),
        handler_(handler) {}

  void start() { read_request(); }

  // From any thread: the write happens on the connection's strand.
  void answer(HttpResponse response) {
    net::post(socket_.get_executor(),
              [self = shared_from_this(), response = std::move(response)]() mutable {
                self->write(std::move(response), self->keep_alive_);
              });
  }

 private:
  // Arms the one timer this connection has; a stale expiry (generation
  // changed) does nothing. All handlers run on the connection's strand.
  void arm(Duration timeout, bool reading) {
    uint64_t generation = ++generation_;
    timer_.expires_after(to_chrono(timeout));
    timer_.async_wait([self = shared_from_this(), generation, reading](beast::error_code ec) {
      if (ec || generation != self->generation_) return;
      self->timed_out_ = reading;
      beast::error_code ignored;
      if (reading)
        self->socket_.cancel(ignored);
      else
        self->socket_.close(ignored);
    });
  }
  void disarm() {
    ++generation_;
    timer_.cancel();
  }

  void read_request() {
    parser_.emplace();
    parser_->body_limit(config_.max_body_bytes);
    parser_->header_limit(static_cast<uint32_t>(config_.max_header_bytes));
    timed_out_ = false;
    arm(config_.request_timeout, true);
    http::async_read(
        socket_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    disarm();
    if (timed_out_) {
      // Silence on an idle keep-alive connection is fine; a request that
      // started and did not finish in time is answered.
      if (parser_->got_some() || buffer_.size() > 0)
        return write(error_response(408, "request_timeout",
                                    "the request was not received completely in time"),
                     false);
      return close();
    }
    if (ec == http::error::end_of_stream || ec == net::error::eof ||
        ec == net::error::connection_reset)
      return close();
    if (ec == http::error::body_limit)
      return write(
          error_response(413, "body_too_large",
                         fmt::format("the body limit is {} bytes", config_.max_body_bytes)),
          false);
    if (ec == http::error::header_limit)
      return write(
          error_response(431, "headers_too_large",
                         fmt::format("the header limit is {} bytes", config_.max_header_bytes)),
          false);
    if (ec && ec.category() == http::make_error_code(http::error::bad_target).category())
      return write(error_response(400, "bad_request", ec.message()), false);
    if (ec) return close();

    keep_alive_ = parser_->get().keep_alive();
    auto request = to_request(parser_->get());
    if (!request)
      return write(error_response(400, "bad_request", request.error().message()), false);
    auto pending = std::make_shared<PendingAnswer>(shared_from_this());
    try {
      handler_(std::move(*request),
               [pending](HttpResponse response) { pending->send(std::move(response)); });
    } catch (const std::exception& e) {
      log_event("request handler failed: {}", e.what());
    } catch (...) {
      log_event("request handler failed with an exception of unknown type");
    }
  }

  void write(HttpResponse response, bool keep_alive) {
    response_.emplace(static_cast<http::status>(response.status), 11);
    response_->set(http::field::content_type, response.content_type);
    for (auto& [name, value] : response.headers) response_->set(name, value);
    response_->keep_alive(keep_alive);
    response_->body() = std::move(response.body);
    response_->prepare_payload();
    arm(config_.request_timeout, false);
    http::async_write(socket_, *response_,
                      [self = shared_from_this(), keep_alive](beast::error_code ec, size_t) {
                        self->disarm();
                        if (ec || !keep_alive) return self->close();
                        self->read_request();
                      });
  }

  void close() {
    beast::error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_send, ignored);
    socket_.close(ignored);
  }

  tcp::socket socket_;
  net::steady_timer timer_;
  const HttpServerConfig& config_;
  const HttpHandler& handler_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::optional<http::response<http::string_body>> response_;
  uint64_t generation_ = 0;
  bool timed_out_ = false;
  bool keep_alive_ = true;
};

PendingAnswer::~PendingAnswer() {
  if (answered_.exchange(true)) return;
  try {
    session_->answer(error_response(500, "internal_error",
                                    "orderd failed to answer this request; the cause is logged"));
  } catch (...) {
    // Out of memory while answering: the connection's timers still close it.
  }
}

void PendingAnswer::send(HttpResponse response) {
  if (answered_.exchange(true)) return;
  session_->answer(std::move(response));
}

class BeastServer final : public HttpServer {
 public:
  BeastServer(const HttpServerConfig& config, HttpHandler handler)
      : config_(config),
        handler_(std::move(handler)),
        ioc_(config.threads),
        acceptor_(ioc_),
        accept_retry_(ioc_) {}
  ~BeastServer() override { stop(); }

  Status listen() {
    beast::error_code ec;
    auto address = net::ip::make_address(config_.bind, ec);
    if (ec) return Error(fmt::format("bad bind address '{}': {}", config_.bind, ec.message()));
    tcp::endpoint endpoint(address, config_.port);
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
    if (ec)
      return Error(
          fmt::format("cannot listen on {}:{}: {}", config_.bind, config_.port, ec.message()));
    port_ = acceptor_.local_endpoint().port();
    accept();
    for (int i = 0; i < std::max(1, config_.threads); ++i)
      threads_.emplace_back([this] { run_network_thread(); });
    return Status::Ok();
  }

  uint16_t port() const override { return port_; }

  void stop() override {
    if (stopped_.exchange(true)) return;
    net::post(acceptor_.get_executor(), [this] {
      beast::error_code ignored;
      acceptor_.close(ignored);
    });
    ioc_.stop();
    for (auto& t : threads_) t.join();
  }

 private:
  // An exception that escapes a completion handler would end the thread and
  // with it the process; the connection it came from is dropped instead.
  void run_network_thread() {
    for (;;) {
      try {
        ioc_.run();
        return;
      } catch (const std::exception& e) {
        log_event("network thread: {}", e.what());
      } catch (...) {
        log_event("network thread: an exception of unknown type");
      }
    }
  }

  void accept() {
    acceptor_.async_accept(net::make_strand(ioc_), [this](beast::error_code ec, tcp::socket s) {
      if (!acceptor_.is_open()) return;
      if (!ec) {
        s.set_option(tcp::no_delay(true), ec);
        std::make_shared<Session>(std::move(s), config_, handler_)->start();
      } else if (out_of_resources(ec)) {
        if (!accept_starved_.exchange(true))
          log_event(
              "accept failed ({}); retrying every {} ms while existing connections are "
              "served",
              ec.message(), kAcceptBackoff.count());
        accept_retry_.expires_after(kAcceptBackoff);
        accept_retry_.async_wait([this](beast::error_code wait_ec) {
          if (!wait_ec && acceptor_.is_open()) accept();
        });
        return;
      }
      if (!ec && accept_starved_.exchange(false)) log_event("accepting connections again");
      accept();
    });
  }

  static bool out_of_resources(const beast::error_code& ec) {
    return ec == net::error::no_descriptors || ec == net::error::no_buffer_space ||
           ec == net::error::no_memory ||
           ec == beast::error_code(ENFILE, boost::system::system_category());
  }

  HttpServerConfig config_;
  HttpHandler handler_;
  net::io_context ioc_;
  tcp::acceptor acceptor_;
  net::steady_timer accept_retry_;
  std::atomic<bool> accept_starved_{false};
  std::vector<std::thread> threads_;
  uint16_t port_ = 0;
  std::atomic<bool> stopped_{false};
};

}  // namespace

Result<HttpRequest> parse_http_request(std::string_view bytes, const HttpServerConfig& config,
                                       size_t* consumed, bool* keep_alive) {
  http::request_parser<http::string_body> parser;
  parser.body_limit(config.max_body_bytes);
  parser.header_limit(static_cast<uint32_t>(config.max_header_bytes));
  parser.eager(true);
  beast::error_code ec;
  size_t used = 0;
  while (!parser.is_done()) {
    size_t n = parser.put(net::buffer(bytes.data() + used, bytes.size() - used), ec);
    used += n;
    if (ec || n == 0) break;
  }
  if (ec == http::error::need_more || (!ec && !parser.is_done()))
    return Error("incomplete request: more bytes needed");
  if (ec == http::error::body_limit)
    return Error(fmt::format("413: the body limit is {} bytes", config.max_body_bytes));
  if (ec == http::error::header_limit)
    return Error(fmt::format("431: the header limit is {} bytes", config.max_header_bytes));
  if (ec) return Error("400: " + ec.message());
  if (consumed) *consumed = used;
  if (keep_alive) *keep_alive = parser.get().keep_alive();
  auto request = to_request(parser.get());
  if (!request) return Error("400: " + request.error().message());
  return request;
}

Result<std::unique_ptr<HttpServer>> HttpServer::start(const HttpServerConfig& config,
                                                      HttpHandler handler) {
  auto server = std::make_unique<BeastServer>(config, std::move(handler));
  if (auto s = server->listen(); !s) return Error(s.message());
  return std::unique_ptr<HttpServer>(std::move(server));
}

}  // namespace stackplan::orderd
