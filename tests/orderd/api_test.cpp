// Endpoints, validation, idempotency and status transitions, against the
// real orderd binary (`orderd all`) on 127.0.0.1.
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "orderd/gateway.h"
#include "support/orderd_fixture.h"

namespace stackplan::test {
namespace {

// Two HTTP threads, whatever the machine.
class ApiTest : public OrderdTest {
 protected:
  void start(std::vector<std::string> extra = {}) {
    extra.insert(extra.begin(), {"--threads", "2"});
    OrderdTest::start(extra);
  }
};

TEST_F(ApiTest, HealthAnswersOk) {
  start();
  auto r = http(port(), "GET", "/health");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.json()["status"], "ok");
}

TEST_F(ApiTest, AsyncOrderIsAcceptedThenPaidWithTimestamps) {
  start({"--payment-time", "100ms"});
  auto r = http(port(), "POST", "/orders/async", order_body());
  ASSERT_EQ(r.status, 202) << r.body;
  std::string id = r.json()["id"];
  EXPECT_EQ(r.headers["location"], "/orders/" + id);
  EXPECT_EQ(r.headers["content-type"], "application/json");

  auto first = http(port(), "GET", "/orders/" + id).json();
  EXPECT_TRUE(first["status"] == "pending" || first["status"] == "processing" ||
              first["status"] == "paid");
  ASSERT_TRUE(
      eventually([&] { return http(port(), "GET", "/orders/" + id).json()["status"] == "paid"; },
                 std::chrono::seconds(5)));
  auto paid = http(port(), "GET", "/orders/" + id).json();
  EXPECT_EQ(paid["attempts"], 1);
  EXPECT_DOUBLE_EQ(paid["amount"].get<double>(), 19.98);
  EXPECT_TRUE(paid.contains("created_at"));
  EXPECT_TRUE(paid.contains("processing_at"));
  EXPECT_TRUE(paid.contains("paid_at"));
  auto charges = stackplan::orderd::read_ledger(dir.file("charges.db"));
  ASSERT_TRUE(charges.ok());
  ASSERT_EQ(charges->size(), 1u);
  EXPECT_EQ((*charges)[0].order_id, id);
  EXPECT_EQ((*charges)[0].amount_cents, 1998);
}

TEST_F(ApiTest, StatusGoesThroughProcessing) {
  start({"--payment-time", "700ms"});
  std::string id = http(port(), "POST", "/orders/async", order_body()).json()["id"];
  EXPECT_TRUE(eventually(
      [&] { return http(port(), "GET", "/orders/" + id).json()["status"] == "processing"; },
      std::chrono::seconds(3)));
  EXPECT_TRUE(
      eventually([&] { return http(port(), "GET", "/orders/" + id).json()["status"] == "paid"; },
                 std::chrono::seconds(5)));
}

TEST_F(ApiTest, SyncOrderIsPaidBeforeTheAnswer) {
  start({"--payment-time", "200ms"});
  auto t0 = std::chrono::steady_clock::now();
  auto r = http(port(), "POST", "/orders/sync", order_body());
  auto elapsed = std::chrono::steady_clock::now() - t0;
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["status"], "paid");
  EXPECT_GE(elapsed, std::chrono::milliseconds(190));
  auto charges = stackplan::orderd::read_ledger(dir.file("charges.db"));
  ASSERT_TRUE(charges.ok());
  EXPECT_EQ(charges->size(), 1u);
}

TEST_F(ApiTest, SyncPaymentFailureIsA502) {
  start({"--payment-time", "10ms", "--payment-failure-rate", "1"});
  auto r = http(port(), "POST", "/orders/sync", order_body());
  EXPECT_EQ(r.status, 502);
  EXPECT_EQ(r.json()["error"], "payment_failed");
}

TEST_F(ApiTest, IdempotencyKeyReturnsTheSameOrder) {
  start({"--payment-time", "50ms"});
  auto a = http(port(), "POST", "/orders/async", order_body(), {{"Idempotency-Key", "k-1"}});
  auto b = http(port(), "POST", "/orders/async", order_body(), {{"Idempotency-Key", "k-1"}});
  auto c = http(port(), "POST", "/orders/async", order_body(), {{"Idempotency-Key", "k-2"}});
  ASSERT_EQ(a.status, 202);
  ASSERT_EQ(b.status, 202);
  EXPECT_EQ(a.json()["id"], b.json()["id"]);
  EXPECT_EQ(b.headers["idempotent-replayed"], "true");
  EXPECT_NE(a.json()["id"], c.json()["id"]);
  // Concurrent retries of one key (same group commit) still make one order.
  std::vector<std::thread> threads;
  std::vector<std::string> ids(8);
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&, i] {
      ids[i] = http(port(), "POST", "/orders/async", order_body(), {{"Idempotency-Key", "k-3"}})
                   .json()["id"];
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), 1u);
  // A client order id is an idempotency key scoped to its customer.
  auto body = nlohmann::json::parse(order_body());
  body["client_order_id"] = "co-1";
  auto d = http(port(), "POST", "/orders/async", body.dump()).json()["id"];
  auto e = http(port(), "POST", "/orders/async", body.dump()).json()["id"];
  EXPECT_EQ(d, e);
  ASSERT_TRUE(eventually(
      [&] { return stackplan::orderd::read_ledger(dir.file("charges.db"))->size() == 4; },
      std::chrono::seconds(5)));
}

TEST_F(ApiTest, ValidationErrorsNameTheField) {
  start();
  struct Case {
    std::string body;
    std::string expect;
  };
  std::vector<Case> cases = {
      {"{bad json", "not valid JSON"},
      {"[1,2]", "must be a JSON object"},
      {R"({"items":[{"product_id":"p","quantity":1,"price":1}]})", "customer_id"},
      {R"({"customer_id":5,"items":[{"product_id":"p","quantity":1,"price":1}]})", "customer_id"},
      {R"({"customer_id":"c","items":[]})", "items"},
      {R"({"customer_id":"c","items":"x"})", "items"},
      {R"({"customer_id":"c","items":[{"quantity":1,"price":1}]})", "product_id"},
      {R"({"customer_id":"c","items":[{"product_id":"p","quantity":"1","price":1}]})", "quantity"},
      {R"({"customer_id":"c","items":[{"product_id":"p","quantity":0,"price":1}]})", "quantity"},
      {R"({"customer_id":"c","items":[{"product_id":"p","quantity":1.5,"price":1}]})", "quantity"},
      {R"({"customer_id":"c","items":[{"product_id":"p","quantity":1,"price":-1}]})", "price"},
      {R"({"customer_id":"c","items":[{"product_id":"p","quantity":1,"price":"1"}]})", "price"},
  };
  for (const auto& c : cases) {
    for (const char* path : {"/orders/async", "/orders/sync"}) {
      auto r = http(port(), "POST", path, c.body);
      EXPECT_EQ(r.status, 400) << path << " " << c.body;
      auto j = r.json();
      ASSERT_TRUE(j.is_object()) << r.body;
      EXPECT_EQ(j["error"], "invalid_order");
      EXPECT_NE(j["detail"].get<std::string>().find(c.expect), std::string::npos) << r.body;
    }
  }
}

TEST_F(ApiTest, RoutesAndMethods) {
  start();
  EXPECT_EQ(http(port(), "GET", "/nope").status, 404);
  EXPECT_EQ(http(port(), "GET", "/orders/ord_missing").status, 404);
  auto r = http(port(), "GET", "/orders/async");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.headers["allow"], "POST");
  EXPECT_EQ(http(port(), "POST", "/health", "{}").status, 405);
  EXPECT_EQ(http(port(), "DELETE", "/orders/x").status, 405);
  EXPECT_EQ(http(port(), "GET", "/nope").json()["error"], "not_found");
}

TEST_F(ApiTest, OversizedSlowAndBrokenRequestsGet4xxAndServerStaysUp) {
  start({"--max-body", "1KB", "--request-timeout", "500ms"});
  auto big = http(port(), "POST", "/orders/async", std::string(5000, 'x'));
  EXPECT_EQ(big.status, 413);
  EXPECT_EQ(big.json()["error"], "body_too_large");
  // Half-sent: headers promise 100 bytes, 10 arrive.
  auto half = raw_http(
      port(), "POST /orders/async HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789",
      std::chrono::seconds(3));
  EXPECT_EQ(half.status, 408);
  EXPECT_EQ(half.json()["error"], "request_timeout");
  // Headers never finished.
  auto slow = raw_http(port(), "GET /health HTTP/1.1\r\nHost: x\r\n", std::chrono::seconds(3));
  EXPECT_EQ(slow.status, 408);
  auto garbage = raw_http(port(), "NOT HTTP AT ALL\r\n\r\n", std::chrono::seconds(3));
  EXPECT_EQ(garbage.status, 400);
  auto huge_header =
      raw_http(port(), "GET /health HTTP/1.1\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n",
               std::chrono::seconds(3));
  EXPECT_EQ(huge_header.status, 431);
  // While a slow client holds a connection, others are served.
  std::thread holder([&] {
    raw_http(port(), "POST /orders/async HTTP/1.1\r\nContent-Length: 50\r\n\r\n{",
             std::chrono::seconds(2));
  });
  EXPECT_EQ(http(port(), "GET", "/health").status, 200);
  holder.join();
  EXPECT_EQ(http(port(), "GET", "/health").status, 200);
}

TEST_F(ApiTest, MetricsArePrometheusText) {
  start({"--payment-time", "20ms"});
  ASSERT_EQ(http(port(), "POST", "/orders/async", order_body()).status, 202);
  ASSERT_TRUE(eventually(
      [&] {
        return http(port(), "GET", "/metrics").body.find("orderd_orders_paid_total 1") !=
               std::string::npos;
      },
      std::chrono::seconds(5)));
  auto r = http(port(), "GET", "/metrics");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.headers["content-type"].find("text/plain"), std::string::npos);
  for (const char* name :
       {"orderd_orders_accepted_total 1", "orderd_queue_depth{state=\"visible\"}",
        "orderd_queue_depth{state=\"in_flight\"}", "orderd_payment_slots_in_use",
        "orderd_accept_latency_seconds_bucket{le=\"+Inf\"} 1",
        "# TYPE orderd_accept_latency_seconds histogram", "orderd_orders_dead_lettered_total"})
    EXPECT_NE(r.body.find(name), std::string::npos) << name;
}

}  // namespace
}  // namespace stackplan::test
