// Bytes that are not text, and handlers that fail: one bad request gets a
// 4xx or a 500 and orderd keeps serving, and an order stored with bad bytes
// by an earlier version stays readable.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <thread>
#include <vector>

#include "orderd/http_server.h"
#include "orderd/order.h"
#include "orderd/store.h"
#include "support/orderd_fixture.h"

namespace stackplan::test {
namespace {

using namespace std::chrono_literals;
namespace od = stackplan::orderd;

HttpResult raw_get(uint16_t port, const std::string& method, const std::string& target) {
  return raw_http(port, method + " " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                  5s);
}

TEST(PrintableUtf8, AcceptsTextAndRefusesEverythingElse) {
  for (const char* text : {"", "k-1", "caf\xc3\xa9", "\xe6\x97\xa5\xe6\x9c\xac", "\xf0\x9f\x98\x80",
                           "\xf4\x8f\xbf\xbf"})
    EXPECT_TRUE(od::is_printable_utf8(text)) << text;
  for (const char* text :
       {"\xff", "caf\xe9", "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80",
        "\xe6\x97", "\x80", "a\x01", "a\tb", "\x7f", "\xc2\x85"})
    EXPECT_FALSE(od::is_printable_utf8(text)) << text;
}

TEST(OrderJson, StoredBytesThatAreNotUtf8AreReplacedNotThrown) {
  od::OrderRecord order;
  order.id = "ord_1";
  order.idempotency_key = "h:caf\xe9";
  order.customer_id = "c\xff";
  order.items_json = "[\"\xfe";  // neither JSON nor UTF-8
  order.last_error = "gateway said \xc0";
  std::string body;
  ASSERT_NO_THROW(body = od::order_json(order));
  auto doc = nlohmann::json::parse(body);
  EXPECT_EQ(doc["idempotency_key"], "h:caf\xef\xbf\xbd");
  EXPECT_EQ(doc["customer_id"], "c\xef\xbf\xbd");
  EXPECT_EQ(doc["items"], "[\"\xef\xbf\xbd");
  EXPECT_EQ(doc["last_error"], "gateway said \xef\xbf\xbd");
  ASSERT_NO_THROW(body = od::error_json("not_found", "no order \xff"));
  EXPECT_EQ(nlohmann::json::parse(body)["detail"], "no order \xef\xbf\xbd");
}

// Ids issued one after another sort in that order (a group commit then adds
// to the end of the id index instead of to a random page per order), and no
// two are alike: the random half keeps them unguessable.
TEST(NewOrderId, SortsByCreationAndNeverRepeats) {
  constexpr int kIds = 2000;
  std::vector<std::string> ids;
  for (int i = 0; i < kIds; ++i) ids.push_back(od::new_order_id());
  for (const std::string& id : ids) {
    ASSERT_EQ(id.size(), 36u) << id;
    EXPECT_EQ(id.substr(0, 4), "ord_");
    EXPECT_EQ(id.find_first_not_of("0123456789abcdef", 4), std::string::npos) << id;
  }
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size());
}

TEST(ParseHttpRequest, SameChecksAsAConnection) {
  od::HttpServerConfig config;
  config.max_body_bytes = 16;
  auto ok = od::parse_http_request(
      "POST /orders/async?x=1 HTTP/1.1\r\nHost: x\r\nIdempotency-Key: k-1\r\n"
      "Content-Length: 2\r\n\r\n{}",
      config);
  ASSERT_TRUE(ok.ok()) << ok.error().message();
  EXPECT_EQ(ok->method, "POST");
  EXPECT_EQ(ok->target, "/orders/async?x=1");
  EXPECT_EQ(ok->idempotency_key, "k-1");
  EXPECT_EQ(ok->body, "{}");
  // Pipelined keep-alive requests: the first one's length, and whether the
  // connection stays open after it.
  const std::string first = "GET /health HTTP/1.1\r\nHost: x\r\n\r\n";
  const std::string last = "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  size_t consumed = 0;
  bool keep_alive = false;
  ASSERT_TRUE(od::parse_http_request(first + last, config, &consumed, &keep_alive).ok());
  EXPECT_EQ(consumed, first.size());
  EXPECT_TRUE(keep_alive);
  ASSERT_TRUE(od::parse_http_request(last, config, &consumed, &keep_alive).ok());
  EXPECT_EQ(consumed, last.size());
  EXPECT_FALSE(keep_alive);
  struct Case {
    std::string bytes;
    std::string error;
  };
  for (const Case& c :
       std::vector<Case>{{"GET /\xff HTTP/1.1\r\n\r\n", "400: the request target must be UTF-8"},
                         {"GET /health HTTP/1.1\r\nHost: x\r\n", "incomplete"},
                         {"POST / HTTP/1.1\r\nContent-Length: 17\r\n\r\n", "413"},
                         {"GET / HTTP/1.1\r\nX: " + std::string(9000, 'a') + "\r\n\r\n", "431"},
                         {"NOT HTTP\r\n\r\n", "400"}}) {
    auto r = od::parse_http_request(c.bytes, config);
    ASSERT_FALSE(r.ok()) << c.bytes;
    EXPECT_EQ(r.error().message().rfind(c.error, 0), 0u) << r.error().message();
  }
}

// The HTTP server alone, with handlers that fail in the ways a bug would.
TEST(HttpServerFailures, AThrowingOrForgetfulHandlerAnswers500AndTheServerLives) {
  od::HttpServerConfig config;
  config.port = 0;
  auto server = od::HttpServer::start(config, [](od::HttpRequest&& request, od::Respond respond) {
    if (request.target == "/throw") throw std::runtime_error("handler bug");
    if (request.target == "/throw-after-answer") {
      respond({});
      throw std::runtime_error("handler bug after the answer");
    }
    if (request.target == "/forget") return;  // drops respond unanswered
    if (request.target == "/forget-on-another-thread") {
      std::thread([respond = std::move(respond)] {}).detach();
      return;
    }
    od::HttpResponse ok;
    ok.body = R"({"status":"ok"})";
    respond(std::move(ok));
  });
  ASSERT_TRUE(server.ok()) << server.error().message();
  uint16_t port = (*server)->port();
  for (const char* target : {"/throw", "/forget", "/forget-on-another-thread"}) {
    auto r = raw_get(port, "GET", target);
    EXPECT_EQ(r.status, 500) << target;
    EXPECT_EQ(r.json()["error"], "internal_error") << target;
  }
  EXPECT_EQ(raw_get(port, "GET", "/throw-after-answer").status, 200);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(raw_get(port, "GET", "/health").status, 200);
  (*server)->stop();
}

class HostileInputTest : public OrderdTest {
 protected:
  void SetUp() override { start(); }
};

TEST_F(HostileInputTest, TargetThatIsNotTextIs400AndOrderdLives) {
  struct Case {
    const char* method;
    const char* target;
  };
  for (Case c : {Case{"GET", "/\xff"}, Case{"GET", "/orders/\xff"}, Case{"PUT", "/orders/\xff"},
                 Case{"GET", "/orders/caf\xe9"}, Case{"POST", "/orders/async?\xc0"},
                 Case{"GET", "/health?\x7f"}}) {
    auto r = raw_get(port(), c.method, c.target);
    EXPECT_EQ(r.status, 400) << c.method << " " << c.target;
    EXPECT_EQ(r.json()["error"], "bad_request") << r.body;
    expect_alive();
  }
  // Text outside ASCII is still a path like any other.
  EXPECT_EQ(raw_get(port(), "GET", "/orders/caf\xc3\xa9").status, 404);
}

TEST_F(HostileInputTest, IdempotencyKeyThatIsNotTextIs400AndNothingIsStored) {
  for (const char* key : {"caf\xe9", "a\tb", "\xc0\xaf"}) {
    auto r = http(port(), "POST", "/orders/async", order_body(), {{"Idempotency-Key", key}});
    EXPECT_EQ(r.status, 400) << key << ": " << r.body;
    EXPECT_EQ(r.json()["error"], "invalid_idempotency_key") << r.body;
    expect_alive();
  }
  auto metrics = http(port(), "GET", "/metrics").body;
  EXPECT_NE(metrics.find("orderd_orders_accepted_total 0"), std::string::npos) << metrics;
  // A key in UTF-8 is fine, and shown back as sent.
  auto r =
      http(port(), "POST", "/orders/async", order_body(), {{"Idempotency-Key", "caf\xc3\xa9"}});
  ASSERT_EQ(r.status, 202) << r.body;
  auto order = http(port(), "GET", "/orders/" + r.json()["id"].get<std::string>());
  EXPECT_EQ(order.json()["idempotency_key"], "h:caf\xc3\xa9");
}

// An order stored before keys were checked (or by hand) is read back with
// U+FFFD in place of the bad bytes, on both backends, after a restart too.
class StoredBadBytesTest : public ::testing::TestWithParam<std::string> {};

TEST_P(StoredBadBytesTest, OrderWithBadBytesIsReadableOverHttp) {
  TempDir dir;
  Backend backend(GetParam(), dir);
  std::string id = od::new_order_id();
  {
    auto store = od::open_store(backend.store_config());
    ASSERT_TRUE(store.ok()) << store.error().message();
    od::NewOrder order{id, "h:caf\xe9", "c\xff", R"([{"product_id":"p1","quantity":1,"price":1}])",
                       100};
    auto stored = (*store)->enqueue(std::span<const od::NewOrder>(&order, 1));
    ASSERT_TRUE(stored.ok()) << stored.error().message();
    ASSERT_TRUE((*store)->sync().ok());
  }
  for (int restart = 0; restart < 2; ++restart) {
    Orderd server(dir, "api", backend.flags(), "api" + std::to_string(restart));
    for (int read = 0; read < 2; ++read) {
      auto r = http(server.port(), "GET", "/orders/" + id);
      ASSERT_EQ(r.status, 200) << r.body << server.log();
      auto doc = r.json();
      EXPECT_EQ(doc["idempotency_key"], "h:caf\xef\xbf\xbd");
      EXPECT_EQ(doc["customer_id"], "c\xef\xbf\xbd");
      EXPECT_EQ(doc["amount"], 1.0);
    }
    EXPECT_TRUE(server.process().running()) << server.log();
    EXPECT_EQ(server.process().terminate(), 0) << server.log();
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, StoredBadBytesTest, kBothBackends, backend_name);

}  // namespace
}  // namespace stackplan::test
