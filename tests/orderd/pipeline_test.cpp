// The pipeline across processes: separate API and worker processes on one
// queue file, retries and the dead-letter queue, visibility timeout and
// redelivery, backpressure, graceful shutdown.
#include <gtest/gtest.h>

#include <set>

#include "orderd/gateway.h"
#include "orderd/store.h"
#include "test_support.h"

namespace orderd_test {
namespace {

using namespace std::chrono_literals;
namespace od = stackplan::orderd;

std::vector<std::string> flags(const TempDir& dir, std::vector<std::string> extra) {
  std::vector<std::string> f = {"--db", dir.file("queue.db"), "--ledger", dir.file("charges.db")};
  f.insert(f.end(), extra.begin(), extra.end());
  return f;
}

std::string status_of(uint16_t port, const std::string& id) {
  auto j = http(port, "GET", "/orders/" + id).json();
  return j.is_object() && j.contains("status") ? j["status"].get<std::string>() : "";
}

od::OrderRecord stored(const TempDir& dir, const std::string& id) {
  od::StoreConfig config;
  config.sqlite_path = dir.file("queue.db");
  auto store = od::open_store(config);
  EXPECT_TRUE(store.ok());
  auto order = (*store)->get(id);
  EXPECT_TRUE(order.ok()) << id;
  return order.ok() ? *order : od::OrderRecord{};
}

TEST(Pipeline, SeparateApiAndWorkerProcessesShareTheQueue) {
  TempDir dir;
  Orderd api(dir, "api", flags(dir, {"--payment-time", "50ms"}), "api");
  Orderd worker1(dir, "worker", flags(dir, {"--payment-time", "50ms", "--concurrency", "5",
                                            "--poll-interval", "10ms"}), "w1");
  Orderd worker2(dir, "worker", flags(dir, {"--payment-time", "50ms", "--concurrency", "5",
                                            "--poll-interval", "10ms"}), "w2");
  std::vector<std::string> ids;
  for (int i = 0; i < 40; ++i) {
    auto r = http(api.port(), "POST", "/orders/async", order_body("c" + std::to_string(i)));
    ASSERT_EQ(r.status, 202);
    ids.push_back(r.json()["id"]);
  }
  ASSERT_TRUE(eventually([&] { return od::read_ledger(dir.file("charges.db"))->size() == 40; }, 10s));
  for (const auto& id : ids) EXPECT_TRUE(eventually([&] { return status_of(api.port(), id) == "paid"; }, 2s));
  auto charges = *od::read_ledger(dir.file("charges.db"));
  std::set<int64_t> pids;
  for (const auto& c : charges) pids.insert(c.pid);
  EXPECT_EQ(pids.size(), 2u) << "both worker processes should have charged orders";
  EXPECT_FALSE(pids.count(api.process().pid())) << "the API process must not charge";
  EXPECT_EQ(worker1.process().terminate(), 0);
  EXPECT_EQ(worker2.process().terminate(), 0);
  EXPECT_EQ(api.process().terminate(), 0);
}

TEST(Pipeline, DeadLetterAfterMaxAttemptsThenReplay) {
  TempDir dir;
  std::string id;
  {
    Orderd failing(dir, "all",
                   flags(dir, {"--payment-time", "5ms", "--payment-failure-rate", "1",
                               "--max-attempts", "3", "--backoff-base", "20ms",
                               "--breaker-failures", "0", "--poll-interval", "10ms"}));
    id = http(failing.port(), "POST", "/orders/async", order_body()).json()["id"];
    ASSERT_TRUE(eventually([&] { return status_of(failing.port(), id) == "failed"; }, 5s));
    auto order = http(failing.port(), "GET", "/orders/" + id).json();
    EXPECT_EQ(order["attempts"], 3);
    EXPECT_EQ(order["dead_lettered"], true);
    EXPECT_NE(order["last_error"].get<std::string>().find("declined"), std::string::npos);
    EXPECT_TRUE(order.contains("failed_at"));
    EXPECT_NE(http(failing.port(), "GET", "/metrics").body.find("orderd_orders_dead_lettered_total 1"),
              std::string::npos);
    EXPECT_EQ(failing.process().terminate(), 0);
  }
  std::string listed = run_orderd({"dlq", "list", "--db", dir.file("queue.db")});
  EXPECT_NE(listed.find(id), std::string::npos) << listed;
  EXPECT_TRUE(od::read_ledger(dir.file("charges.db"))->empty());

  std::string replayed = run_orderd({"dlq", "replay", "--db", dir.file("queue.db")});
  EXPECT_NE(replayed.find("replayed 1 orders"), std::string::npos) << replayed;
  EXPECT_EQ(run_orderd({"dlq", "list", "--db", dir.file("queue.db")}), "");
  Orderd healthy(dir, "all", flags(dir, {"--payment-time", "5ms", "--poll-interval", "10ms"}));
  ASSERT_TRUE(eventually([&] { return status_of(healthy.port(), id) == "paid"; }, 5s));
  EXPECT_EQ(http(healthy.port(), "GET", "/orders/" + id).json()["attempts"], 1);
  EXPECT_EQ(od::read_ledger(dir.file("charges.db"))->size(), 1u);
  EXPECT_EQ(healthy.process().terminate(), 0);
}

TEST(Pipeline, RetriesWithBackoffThenSucceeds) {
  TempDir dir;
  // Half the calls fail: with 8 attempts allowed every order ends up paid.
  Orderd server(dir, "all",
                flags(dir, {"--payment-time", "5ms", "--payment-failure-rate", "0.5",
                            "--max-attempts", "12", "--backoff-base", "10ms", "--backoff-max",
                            "50ms", "--breaker-failures", "0", "--poll-interval", "10ms",
                            "--seed", "7"}));
  std::vector<std::string> ids;
  for (int i = 0; i < 20; ++i)
    ids.push_back(http(server.port(), "POST", "/orders/async", order_body()).json()["id"]);
  ASSERT_TRUE(eventually([&] { return od::read_ledger(dir.file("charges.db"))->size() == 20; }, 10s));
  int retried = 0;
  for (const auto& id : ids) {
    ASSERT_TRUE(eventually([&] { return status_of(server.port(), id) == "paid"; }, 2s));
    if (http(server.port(), "GET", "/orders/" + id).json()["attempts"].get<int>() > 1) ++retried;
  }
  EXPECT_GT(retried, 0);
  EXPECT_EQ(server.process().terminate(), 0);
}

TEST(Pipeline, VisibilityTimeoutRedeliversTheOrderOfACrashedWorker) {
  TempDir dir;
  Orderd api(dir, "api", flags(dir, {}), "api");
  std::string id = http(api.port(), "POST", "/orders/async", order_body()).json()["id"];
  {
    Orderd doomed(dir, "worker",
                  flags(dir, {"--payment-time", "3s", "--visibility-timeout", "400ms",
                              "--poll-interval", "10ms"}),
                  "doomed");
    ASSERT_TRUE(eventually([&] { return status_of(api.port(), id) == "processing"; }, 3s));
    doomed.process().kill9();  // mid-charge: nothing charged, order claimed
  }
  EXPECT_EQ(status_of(api.port(), id), "processing");
  Orderd rescuer(dir, "worker", flags(dir, {"--payment-time", "20ms", "--poll-interval", "10ms"}),
                 "rescuer");
  ASSERT_TRUE(eventually([&] { return status_of(api.port(), id) == "paid"; }, 5s));
  EXPECT_EQ(http(api.port(), "GET", "/orders/" + id).json()["attempts"], 2);
  EXPECT_EQ(od::read_ledger(dir.file("charges.db"))->size(), 1u);
}

TEST(Pipeline, ExpiredLeaseDuringChargeDoesNotChargeTwice) {
  TempDir dir;
  // The lease (100ms) expires long before the charge (600ms) ends, so a
  // second worker takes the order while the first is still charging it.
  Orderd server(dir, "all",
                flags(dir, {"--payment-time", "600ms", "--visibility-timeout", "100ms",
                            "--max-attempts", "10", "--poll-interval", "10ms"}));
  std::string id = http(server.port(), "POST", "/orders/async", order_body()).json()["id"];
  ASSERT_TRUE(eventually([&] { return status_of(server.port(), id) == "paid"; }, 5s));
  std::this_thread::sleep_for(700ms);
  EXPECT_GE(http(server.port(), "GET", "/orders/" + id).json()["attempts"].get<int>(), 2);
  EXPECT_EQ(od::read_ledger(dir.file("charges.db"))->size(), 1u);
  EXPECT_NE(http(server.port(), "GET", "/metrics").body.find("orderd_duplicate_charges_refused_total"),
            std::string::npos);
  EXPECT_EQ(server.process().terminate(), 0);
}

TEST(Pipeline, BackpressureAnswers429WithRetryAfter) {
  TempDir dir;
  // No workers: the backlog only grows. 10 orders/s for 1 s = 10 orders.
  Orderd api(dir, "api", flags(dir, {"--drain-rate", "10/s", "--max-backlog-drain", "1s"}), "api");
  int accepted = 0;
  HttpResult refused;
  for (int i = 0; i < 40; ++i) {
    auto r = http(api.port(), "POST", "/orders/async", order_body());
    if (r.status == 202) ++accepted;
    if (r.status == 429) refused = r;
    std::this_thread::sleep_for(5ms);
  }
  EXPECT_GE(accepted, 10);
  EXPECT_LE(accepted, 12);
  ASSERT_EQ(refused.status, 429);
  EXPECT_EQ(refused.json()["error"], "backlog_full");
  EXPECT_GE(std::atoi(refused.headers["retry-after"].c_str()), 1);
  EXPECT_NE(http(api.port(), "GET", "/metrics").body.find("orderd_orders_rejected_backpressure_total"),
            std::string::npos);
}

TEST(Pipeline, SigtermFinishesOrdersBeingCharged) {
  TempDir dir;
  Orderd server(dir, "all", flags(dir, {"--payment-time", "800ms", "--poll-interval", "10ms"}));
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i)
    ids.push_back(http(server.port(), "POST", "/orders/async", order_body()).json()["id"]);
  ASSERT_TRUE(eventually([&] { return status_of(server.port(), ids[2]) == "processing"; }, 3s));
  EXPECT_EQ(server.process().terminate(), 0) << server.log();
  for (const auto& id : ids) EXPECT_EQ(stored(dir, id).state, od::OrderState::kPaid) << id;
  EXPECT_EQ(od::read_ledger(dir.file("charges.db"))->size(), 3u);
}

}  // namespace
}  // namespace orderd_test
