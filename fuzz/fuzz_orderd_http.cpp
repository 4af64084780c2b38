// orderd's request path without a socket: the bytes a client sends go through
// parse_http_request (the server's own parser, limits and checks), then each
// request is handed to the real Api, backed by a real
// SQLite store in a temporary directory and an instant payment gateway.
// Several requests may follow each other in one input (keep-alive). When an
// answer names an order (Location), the order is read back with GET, as a
// client would: a stored order must stay readable whatever bytes it holds.
// Every answer is then built into a Beast response as the server writes it.
// Any exception escaping the Api is a crash here, as it is in orderd.
#include <signal.h>
#include <unistd.h>

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <memory>
#include <sstream>
#include <string>

#include "orderd/api.h"
#include "orderd/circuit_breaker.h"
#include "orderd/gateway.h"
#include "orderd/http_server.h"
#include "orderd/intake.h"
#include "orderd/metrics.h"
#include "orderd/order.h"
#include "orderd/store.h"

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using namespace stackplan::orderd;

// Requests read from one input; a keep-alive connection is not limited, but
// a bound keeps each run short.
constexpr int kMaxRequestsPerInput = 16;
// An answer later than this is a hang (the instant gateway answers at once).
constexpr auto kAnswerTimeout = std::chrono::seconds(5);
constexpr int kCommitBatch = 64;
constexpr int kSyncConcurrency = 2;

[[noreturn]] void harness_failure(const std::string& what) {
  std::fprintf(stderr, "fuzz_orderd_http: %s\n", what.c_str());
  std::abort();
}

template <typename T>
T must(stackplan::Result<T> result, const char* what) {
  if (!result) harness_failure(std::string(what) + ": " + result.error().message());
  return std::move(*result);
}

// A run that crashes cannot clean up; the next run removes the directories of
// runs whose process is gone (fork mode crashes often).
constexpr const char* kTempDirPrefix = "/tmp/stackplan-fuzz-orderd-";

void remove_dirs_of_dead_runs() {
  const std::string prefix = std::filesystem::path(kTempDirPrefix).filename();
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/tmp", ec)) {
    std::string name = entry.path().filename();
    if (!name.starts_with(prefix)) continue;
    pid_t pid = static_cast<pid_t>(std::atol(name.c_str() + prefix.size()));
    if (pid > 0 && kill(pid, 0) != 0 && errno == ESRCH)
      std::filesystem::remove_all(entry.path(), ec);
  }
}

// One orderd API with its store, shut down in orderd's order at exit.
class Pipeline {
 public:
  Pipeline() : breaker_(5, stackplan::Duration::seconds(1)) {
    remove_dirs_of_dead_runs();
    std::string pattern = std::string(kTempDirPrefix) + std::to_string(getpid()) + "-XXXXXX";
    if (!mkdtemp(pattern.data())) harness_failure("mkdtemp failed");
    dir_ = pattern;
    StoreConfig store;
    store.sqlite_path = dir_ + "/orderd.db";
    store.fsync = false;  // durability is not under test; speed is
    GatewayConfig gateway;
    gateway.service_time = stackplan::Distribution::constant(stackplan::Duration());
    gateway.ledger_path = dir_ + "/charges.db";
    gateway.seed = 1;
    gateway_ = must(PaymentGateway::open(gateway), "gateway");
    auto reads = must(open_store(store), "read store");
    StoreConfig writer = store;
    writer.deferred_sync = true;
    intake_ =
        std::make_unique<Intake>(must(open_store(writer), "writer store"), metrics_, kCommitBatch);
    ApiConfig api;
    api.sync_concurrency = kSyncConcurrency;
    api_ = std::make_unique<Api>(api, *intake_, std::move(reads), *gateway_, breaker_, metrics_);
  }
  ~Pipeline() {
    api_->stop_taking_orders();
    intake_.reset();
    api_->finish_sync_payments();
    api_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  HttpResponse handle(HttpRequest request) {
    auto answer = std::make_shared<std::promise<HttpResponse>>();
    auto answered = answer->get_future();
    api_->handle(std::move(request),
                 [answer](HttpResponse response) { answer->set_value(std::move(response)); });
    if (answered.wait_for(kAnswerTimeout) != std::future_status::ready)
      harness_failure("no answer within the timeout");
    return answered.get();
  }

 private:
  std::string dir_;
  Metrics metrics_;
  CircuitBreaker breaker_;
  std::unique_ptr<PaymentGateway> gateway_;
  std::unique_ptr<Intake> intake_;
  std::unique_ptr<Api> api_;
};

Pipeline& pipeline() {
  static Pipeline instance;
  return instance;
}

// What HttpServer writes for an answer.
void serialize(const HttpResponse& answer) {
  http::response<http::string_body> response(static_cast<http::status>(answer.status), 11);
  response.set(http::field::content_type, answer.content_type);
  for (const auto& [name, value] : answer.headers) response.set(name, value);
  response.body() = answer.body;
  response.prepare_payload();
  std::ostringstream out;
  out << response;
}

HttpResponse answer(HttpRequest request) {
  HttpResponse response = pipeline().handle(std::move(request));
  serialize(response);
  return response;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const HttpServerConfig limits;  // orderd's defaults
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  for (int i = 0; i < kMaxRequestsPerInput && !rest.empty(); ++i) {
    size_t used = 0;
    bool keep_alive = false;
    auto request = parse_http_request(rest, limits, &used, &keep_alive);
    if (!request) {
      // The server answers what the error names and closes the connection.
      serialize(HttpResponse{
          400, error_json("bad_request", request.error().message()), "application/json", {}});
      return 0;
    }
    rest.remove_prefix(used);
    HttpResponse response = answer(std::move(*request));
    for (const auto& [name, value] : response.headers) {
      if (name != "Location") continue;
      HttpRequest read_back;
      read_back.method = "GET";
      read_back.target = value;
      answer(std::move(read_back));
    }
    if (!keep_alive) return 0;
  }
  return 0;
}
