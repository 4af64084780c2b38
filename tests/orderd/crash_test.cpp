// The crash test: during a flash sale, kill -9 the API and the workers,
// restart them, and prove that every order answered 202 is paid exactly once
// (the gateway's charge ledger) and none is lost. Clients retry unanswered
// requests with the same Idempotency-Key, as a well-behaved client does, so
// the retries across the crash must not create second orders either.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "orderd/gateway.h"
#include "orderd/store.h"
#include "support/orderd_fixture.h"

namespace stackplan::test {
namespace {

using namespace std::chrono_literals;
namespace od = stackplan::orderd;

class CrashTest : public BackendTest {};

struct Cluster {
  std::unique_ptr<Orderd> api, worker1, worker2;
};

TEST_P(CrashTest, Kill9DuringFlashSaleLosesNothingAndChargesOnce) {
  std::vector<std::string> worker_flags =
      flags({"--payment-time", "50ms", "--concurrency", "5", "--visibility-timeout", "1s",
             "--poll-interval", "10ms", "--max-attempts", "20"});
  int generation = 0;
  auto start_cluster = [&] {
    Cluster c;
    std::string g = std::to_string(generation++);
    c.api = std::make_unique<Orderd>(dir, "api", flags({"--max-backlog-drain", "0"}), "api" + g);
    c.worker1 = std::make_unique<Orderd>(dir, "worker", worker_flags, "w1-" + g);
    c.worker2 = std::make_unique<Orderd>(dir, "worker", worker_flags, "w2-" + g);
    return c;
  };
  Cluster cluster = start_cluster();
  std::atomic<uint16_t> port{cluster.api->port()};
  std::atomic<bool> stop{false};
  std::mutex mu;
  std::map<std::string, std::string> accepted;  // idempotency key -> order id
  std::atomic<int> unanswered{0};

  // Four clients, about 100 orders/s in all; each retries its current key
  // until it gets an answer.
  std::vector<std::thread> clients;
  for (int c = 0; c < 4; ++c) {
    clients.emplace_back([&, c] {
      for (int n = 0; !stop.load(); ++n) {
        std::string key = "client" + std::to_string(c) + "-" + std::to_string(n);
        for (;;) {
          auto r = http(port.load(), "POST", "/orders/async", order_body("c" + std::to_string(c)),
                        {{"Idempotency-Key", key}});
          if (r.status == 202) {
            std::lock_guard lock(mu);
            accepted[key] = r.json()["id"];
            break;
          }
          ++unanswered;
          if (stop.load()) break;
          std::this_thread::sleep_for(20ms);
        }
        std::this_thread::sleep_for(40ms);
      }
    });
  }
  std::this_thread::sleep_for(1200ms);
  cluster.api->process().kill9();
  cluster.worker1->process().kill9();
  cluster.worker2->process().kill9();
  size_t accepted_before_crash;
  {
    std::lock_guard lock(mu);
    accepted_before_crash = accepted.size();
  }
  std::this_thread::sleep_for(200ms);  // clients see the outage
  cluster = start_cluster();
  port.store(cluster.api->port());
  std::this_thread::sleep_for(1000ms);
  stop.store(true);
  for (auto& t : clients) t.join();

  EXPECT_GT(accepted_before_crash, 50u);
  EXPECT_GT(unanswered.load(), 0) << "the crash should have cut some requests";
  std::set<std::string> ids;
  for (const auto& [key, id] : accepted) ids.insert(id);
  EXPECT_EQ(ids.size(), accepted.size()) << "two keys mapped to one order";

  // Every order answered 202 gets paid, and the ledger holds each once.
  ASSERT_TRUE(eventually(
      [&] { return od::read_ledger(dir.file("charges.db"))->size() >= ids.size(); }, 20s))
      << "charged " << od::read_ledger(dir.file("charges.db"))->size() << " of " << ids.size();
  auto store = od::open_store(backend->store_config());
  ASSERT_TRUE(store.ok());
  for (const auto& id : ids) {
    ASSERT_TRUE(eventually(
        [&] {
          auto order = (*store)->get(id);
          return order.ok() && order->state == od::OrderState::kPaid;
        },
        5s))
        << id;
  }
  auto charges = *od::read_ledger(dir.file("charges.db"));
  std::map<std::string, int> charged;
  for (const auto& c : charges) ++charged[c.order_id];
  for (const auto& id : ids) EXPECT_EQ(charged[id], 1) << id;
  // Nothing was charged that was not an order of these clients: an order
  // committed just before the crash whose 202 never arrived was retried with
  // its key, so it is in `accepted` too.
  EXPECT_EQ(charges.size(), ids.size());
  auto depth = (*store)->depth(/*count_paid=*/true);
  ASSERT_TRUE(depth.ok());
  EXPECT_EQ(depth->backlog(), 0);
  EXPECT_EQ(depth->dead, 0);
  EXPECT_EQ(depth->paid, static_cast<int64_t>(ids.size()));
  RecordProperty("accepted", static_cast<int>(ids.size()));
}

INSTANTIATE_TEST_SUITE_P(Backends, CrashTest, kBothBackends, backend_name);

}  // namespace
}  // namespace stackplan::test
