// A small HTTP/1.1 server (Boost.Beast underneath, hidden from callers so
// only http_server.cpp pays Beast's compile time). It enforces the limits
// that keep bad clients from hurting good ones: header and body size, and the
// time to send a whole request (a slow or half-sent request gets 408 and the
// connection is closed). Keep-alive is supported; handlers may answer later
// from any thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/duration.h"
#include "core/status.h"

namespace stackplan::orderd {

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string target;  // path and query, "/orders/ord_1"
  std::string body;
  std::string idempotency_key;  // the Idempotency-Key header, if any
};

struct HttpResponse {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
};

// Answers a request. Must be called exactly once, from any thread.
using Respond = std::function<void(HttpResponse)>;
using HttpHandler = std::function<void(HttpRequest&&, Respond)>;

struct HttpServerConfig {
  std::string bind = "127.0.0.1";
  uint16_t port = 8080;  // 0: an ephemeral port, see HttpServer::port()
  int threads = 2;
  size_t max_header_bytes = 8 * 1024;
  size_t max_body_bytes = 64 * 1024;
  Duration request_timeout = Duration::seconds(5);  // to receive one whole request
  Duration idle_timeout = Duration::seconds(60);    // keep-alive between requests
};

// The server's request parsing, on one buffer: the same Beast parser, limits
// and checks a connection applies as bytes arrive (a connection also
// enforces the time limits). For tests and fuzzing. The error says what a
// client would be answered (400, 413 or 431) or that more bytes are needed.
// On success, *consumed (if given) is how many bytes the request took (a
// keep-alive client may have sent more after it) and *keep_alive whether the
// connection would stay open for them.
Result<HttpRequest> parse_http_request(std::string_view bytes, const HttpServerConfig& config,
                                       size_t* consumed = nullptr, bool* keep_alive = nullptr);

class HttpServer {
 public:
  static Result<std::unique_ptr<HttpServer>> start(const HttpServerConfig& config,
                                                   HttpHandler handler);
  virtual ~HttpServer() = default;
  virtual uint16_t port() const = 0;
  // Stops accepting, closes connections, joins the threads.
  virtual void stop() = 0;
};

}  // namespace stackplan::orderd
