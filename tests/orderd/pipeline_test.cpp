// The pipeline across processes: separate API and worker processes on one
// queue file, retries and the dead-letter queue, visibility timeout and
// redelivery, backpressure, graceful shutdown.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "orderd/gateway.h"
#include "orderd/store.h"
#include "support/must.h"
#include "support/orderd_fixture.h"

namespace stackplan::test {
namespace {

using namespace std::chrono_literals;
namespace od = stackplan::orderd;

std::string status_of(uint16_t port, const std::string& id) {
  auto j = http(port, "GET", "/orders/" + id).json();
  return j.is_object() && j.contains("status") ? j["status"].get<std::string>() : "";
}

// Every test runs on each queue backend: same semantics, same tests.
class PipelineTest : public BackendTest {
 protected:
  od::OrderRecord stored(const std::string& id) {
    auto store = od::open_store(backend->store_config());
    EXPECT_TRUE(store.ok());
    auto order = (*store)->get(id);
    EXPECT_TRUE(order.ok()) << id;
    return order.ok() ? *order : od::OrderRecord{};
  }
  std::string dlq(std::vector<std::string> args) {
    auto f = flags();
    args.insert(args.begin(), "dlq");
    args.insert(args.end(), f.begin(), f.end());
    return run_orderd(args);
  }
};

TEST_P(PipelineTest, SeparateApiAndWorkerProcessesShareTheQueue) {
  Orderd api(dir, "api", flags({"--payment-time", "50ms"}), "api");
  Orderd worker1(dir, "worker",
                 flags({"--payment-time", "50ms", "--concurrency", "5", "--poll-interval", "10ms"}),
                 "w1");
  Orderd worker2(dir, "worker",
                 flags({"--payment-time", "50ms", "--concurrency", "5", "--poll-interval", "10ms"}),
                 "w2");
  std::vector<std::string> ids;
  for (int i = 0; i < 40; ++i) {
    auto r = http(api.port(), "POST", "/orders/async", order_body("c" + std::to_string(i)));
    ASSERT_EQ(r.status, 202);
    ids.push_back(r.json()["id"]);
  }
  ASSERT_TRUE(
      eventually([&] { return od::read_ledger(dir.file("charges.db"))->size() == 40; }, 10s));
  for (const auto& id : ids)
    EXPECT_TRUE(eventually([&] { return status_of(api.port(), id) == "paid"; }, 2s));
  auto charges = *od::read_ledger(dir.file("charges.db"));
  std::set<int64_t> pids;
  for (const auto& c : charges) pids.insert(c.pid);
  EXPECT_EQ(pids.size(), 2u) << "both worker processes should have charged orders";
  EXPECT_FALSE(pids.count(api.process().pid())) << "the API process must not charge";
  EXPECT_EQ(worker1.process().terminate(), 0);
  EXPECT_EQ(worker2.process().terminate(), 0);
  EXPECT_EQ(api.process().terminate(), 0);
}

TEST_P(PipelineTest, DeadLetterAfterMaxAttemptsThenReplay) {
  std::string id;
  {
    Orderd failing(
        dir, "all",
        flags({"--payment-time", "5ms", "--payment-failure-rate", "1", "--max-attempts", "3",
               "--backoff-base", "20ms", "--breaker-failures", "0", "--poll-interval", "10ms"}));
    id = http(failing.port(), "POST", "/orders/async", order_body()).json()["id"];
    ASSERT_TRUE(eventually([&] { return status_of(failing.port(), id) == "failed"; }, 5s));
    auto order = http(failing.port(), "GET", "/orders/" + id).json();
    EXPECT_EQ(order["attempts"], 3);
    EXPECT_EQ(order["dead_lettered"], true);
    EXPECT_NE(order["last_error"].get<std::string>().find("declined"), std::string::npos);
    EXPECT_TRUE(order.contains("failed_at"));
    EXPECT_NE(
        http(failing.port(), "GET", "/metrics").body.find("orderd_orders_dead_lettered_total 1"),
        std::string::npos);
    EXPECT_EQ(failing.process().terminate(), 0);
  }
  std::string listed = dlq({"list"});
  EXPECT_NE(listed.find(id), std::string::npos) << listed;
  EXPECT_TRUE(od::read_ledger(dir.file("charges.db"))->empty());

  std::string replayed = dlq({"replay"});
  EXPECT_NE(replayed.find("replayed 1 orders"), std::string::npos) << replayed;
  EXPECT_EQ(dlq({"list"}), "");
  Orderd healthy(dir, "all", flags({"--payment-time", "5ms", "--poll-interval", "10ms"}));
  ASSERT_TRUE(eventually([&] { return status_of(healthy.port(), id) == "paid"; }, 5s));
  EXPECT_EQ(http(healthy.port(), "GET", "/orders/" + id).json()["attempts"], 1);
  EXPECT_EQ(od::read_ledger(dir.file("charges.db"))->size(), 1u);
  EXPECT_EQ(healthy.process().terminate(), 0);
}

TEST_P(PipelineTest, RetriesWithBackoffThenSucceeds) {
  // Half the calls fail: with 8 attempts allowed every order ends up paid.
  Orderd server(dir, "all",
                flags({"--payment-time", "5ms", "--payment-failure-rate", "0.5", "--max-attempts",
                       "12", "--backoff-base", "10ms", "--backoff-max", "50ms",
                       "--breaker-failures", "0", "--poll-interval", "10ms", "--seed", "7"}));
  std::vector<std::string> ids;
  for (int i = 0; i < 20; ++i)
    ids.push_back(http(server.port(), "POST", "/orders/async", order_body()).json()["id"]);
  ASSERT_TRUE(
      eventually([&] { return od::read_ledger(dir.file("charges.db"))->size() == 20; }, 10s));
  int retried = 0;
  for (const auto& id : ids) {
    ASSERT_TRUE(eventually([&] { return status_of(server.port(), id) == "paid"; }, 2s));
    if (http(server.port(), "GET", "/orders/" + id).json()["attempts"].get<int>() > 1) ++retried;
  }
  EXPECT_GT(retried, 0);
  EXPECT_EQ(server.process().terminate(), 0);
}

TEST_P(PipelineTest, VisibilityTimeoutRedeliversTheOrderOfACrashedWorker) {
  Orderd api(dir, "api", flags({}), "api");
  std::string id = http(api.port(), "POST", "/orders/async", order_body()).json()["id"];
  {
    Orderd doomed(
        dir, "worker",
        flags({"--payment-time", "3s", "--visibility-timeout", "400ms", "--poll-interval", "10ms"}),
        "doomed");
    ASSERT_TRUE(eventually([&] { return status_of(api.port(), id) == "processing"; }, 3s));
    doomed.process().kill9();  // mid-charge: nothing charged, order claimed
  }
  EXPECT_EQ(status_of(api.port(), id), "processing");
  // Workers sharing a queue share its visibility timeout (on Redis it is the
  // reclaiming consumer's XAUTOCLAIM min-idle-time).
  Orderd rescuer(
      dir, "worker",
      flags({"--payment-time", "20ms", "--poll-interval", "10ms", "--visibility-timeout", "400ms"}),
      "rescuer");
  ASSERT_TRUE(eventually([&] { return status_of(api.port(), id) == "paid"; }, 5s));
  EXPECT_EQ(http(api.port(), "GET", "/orders/" + id).json()["attempts"], 2);
  EXPECT_EQ(od::read_ledger(dir.file("charges.db"))->size(), 1u);
}

TEST_P(PipelineTest, ExpiredLeaseDuringChargeDoesNotChargeTwice) {
  // The lease (100ms) expires long before the charge (600ms) ends, so a
  // second worker takes the order while the first is still charging it.
  Orderd server(dir, "all",
                flags({"--payment-time", "600ms", "--visibility-timeout", "100ms", "--max-attempts",
                       "10", "--poll-interval", "10ms"}));
  std::string id = http(server.port(), "POST", "/orders/async", order_body()).json()["id"];
  ASSERT_TRUE(eventually([&] { return status_of(server.port(), id) == "paid"; }, 5s));
  std::this_thread::sleep_for(700ms);
  EXPECT_GE(http(server.port(), "GET", "/orders/" + id).json()["attempts"].get<int>(), 2);
  EXPECT_EQ(od::read_ledger(dir.file("charges.db"))->size(), 1u);
  EXPECT_NE(
      http(server.port(), "GET", "/metrics").body.find("orderd_duplicate_charges_refused_total"),
      std::string::npos);
  EXPECT_EQ(server.process().terminate(), 0);
}

TEST_P(PipelineTest, BackpressureAnswers429WithRetryAfter) {
  // No workers: the backlog only grows. 10 orders/s for 1 s = 10 orders.
  Orderd api(dir, "api", flags({"--drain-rate", "10/s", "--max-backlog-drain", "1s"}), "api");
  int accepted = 0;
  HttpResult refused;
  for (int i = 0; i < 40; ++i) {
    auto r = http(api.port(), "POST", "/orders/async", order_body());
    if (r.status == 202) ++accepted;
    if (r.status == 429) refused = r;
    std::this_thread::sleep_for(5ms);
  }
  // An order accepted while a depth count runs may be counted twice (the
  // count errs towards refusing, see Api::refresh_depth_loop): one fewer.
  EXPECT_GE(accepted, 9);
  EXPECT_LE(accepted, 12);
  ASSERT_EQ(refused.status, 429);
  EXPECT_EQ(refused.json()["error"], "backlog_full");
  EXPECT_GE(std::atoi(refused.headers["retry-after"].c_str()), 1);
  EXPECT_NE(
      http(api.port(), "GET", "/metrics").body.find("orderd_orders_rejected_backpressure_total"),
      std::string::npos);
}

TEST_P(PipelineTest, SigtermFinishesOrdersBeingCharged) {
  Orderd server(dir, "all", flags({"--payment-time", "800ms", "--poll-interval", "10ms"}));
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i)
    ids.push_back(http(server.port(), "POST", "/orders/async", order_body()).json()["id"]);
  ASSERT_TRUE(eventually([&] { return status_of(server.port(), ids[2]) == "processing"; }, 3s));
  EXPECT_EQ(server.process().terminate(), 0) << server.log();
  for (const auto& id : ids) EXPECT_EQ(stored(id).state, od::OrderState::kPaid) << id;
  EXPECT_EQ(od::read_ledger(dir.file("charges.db"))->size(), 3u);
}

TEST_P(PipelineTest, SigtermUnderLoadAnswersWhatItCommitted) {
  Orderd api(dir, "api", flags({"--max-backlog-drain", "off"}), "api");
  std::atomic<bool> stop{false};
  std::mutex mu;
  std::vector<std::string> accepted;
  std::atomic<int> refused{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 4; ++c)
    clients.emplace_back([&] {
      while (!stop.load()) {
        auto r = http(api.port(), "POST", "/orders/async", order_body());
        if (r.status == 202) {
          std::lock_guard lock(mu);
          accepted.push_back(r.json()["id"]);
        } else if (r.status == 503) {
          ++refused;
        } else if (r.status == 0) {
          break;  // the server is gone
        }
      }
    });
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(api.process().terminate(), 0) << api.log();
  stop.store(true);
  for (auto& t : clients) t.join();
  ASSERT_GT(accepted.size(), 10u);
  auto store = od::open_store(backend->store_config());
  ASSERT_TRUE(store.ok());
  for (const auto& id : accepted) EXPECT_TRUE((*store)->get(id).ok()) << id;
}

// One flash of 30 orders through an API and two worker processes with
// global payment slots: how long it took and which processes charged.
struct SharedSlotsRun {
  double seconds = 0;
  std::set<int64_t> charging_pids;
};

SharedSlotsRun run_with_global_slots() {
  TempDir dir;
  Backend backend("sqlite", dir);
  auto flags = backend.flags();
  for (const char* f : {"--payment-time", "200ms", "--payment-slots", "5", "--payment-scope",
                        "global", "--concurrency", "5", "--poll-interval", "10ms"})
    flags.push_back(f);
  Orderd api(dir, "api", backend.flags(), "api");
  Orderd worker1(dir, "worker", flags, "w1");
  Orderd worker2(dir, "worker", flags, "w2");
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 30; ++i)
    EXPECT_EQ(http(api.port(), "POST", "/orders/async", order_body()).status, 202);
  EXPECT_TRUE(
      eventually([&] { return od::read_ledger(dir.file("charges.db"))->size() == 30; }, 10s))
      << "worker 1:\n"
      << worker1.log() << "worker 2:\n"
      << worker2.log();
  SharedSlotsRun run;
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const auto charges = must(od::read_ledger(dir.file("charges.db")));
  for (const auto& c : charges) run.charging_pids.insert(c.pid);
  return run;
}

TEST(GatewayScope, GlobalSlotsAreSharedByAllWorkerProcesses) {
  // The bound below says something only when both processes charged: one
  // process alone would meet it with per-process slots too. Which process
  // wins each slot is not fair (both poll), so on a slow machine one can
  // take every order; such a run proves nothing and is run again.
  constexpr int kAttempts = 3;
  SharedSlotsRun run;
  for (int attempt = 0; attempt < kAttempts && run.charging_pids.size() < 2; ++attempt)
    run = run_with_global_slots();
  ASSERT_EQ(run.charging_pids.size(), 2u)
      << "one process charged every order in " << kAttempts << " runs";
  // 10 worker threads, but only 5 calls of 200 ms at a time in all:
  // 30 orders cannot take less than 30 / (5 / 0.2 s) = 1.2 s.
  EXPECT_GE(run.seconds, 1.15);
}

INSTANTIATE_TEST_SUITE_P(Backends, PipelineTest, kBothBackends, backend_name);

}  // namespace
}  // namespace stackplan::test

namespace stackplan::test {
namespace {

// Whether some open file description holds a lock on `byte` of `path`.
bool byte_locked(const std::string& path, int64_t byte) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct flock probe {};
  probe.l_type = F_WRLCK;
  probe.l_whence = SEEK_SET;
  probe.l_start = byte;
  probe.l_len = 1;
  bool locked = ::fcntl(fd, F_OFD_GETLK, &probe) == 0 && probe.l_type != F_UNLCK;
  ::close(fd);
  return locked;
}

TEST(GatewayScope, AKilledProcessGivesItsGlobalSlotBackAtOnce) {
  TempDir dir;
  Backend backend("sqlite", dir);
  auto global = [&](const char* payment_time) {
    auto flags = backend.flags();
    for (const char* f : {"--payment-slots", "1", "--payment-scope", "global", "--concurrency", "1",
                          "--poll-interval", "10ms", "--payment-time"})
      flags.push_back(f);
    flags.push_back(payment_time);
    return flags;
  };
  const std::string slots = dir.file("charges.db") + ".slots";
  Orderd api(dir, "api", backend.flags(), "api");
  auto stuck = std::make_unique<Orderd>(dir, "worker", global("60s"), "stuck");
  ASSERT_EQ(http(api.port(), "POST", "/orders/async", order_body()).status, 202);
  ASSERT_TRUE(eventually([&] { return byte_locked(slots, 0); }, 10s)) << stuck->log();
  stuck->process().kill9();
  EXPECT_TRUE(eventually([&] { return !byte_locked(slots, 0); }, 2s));
  // The one slot is free for the next process: its order is charged in one
  // service time, not after a lease on the dead process's call runs out.
  Orderd next(dir, "worker", global("50ms"), "next");
  auto id = http(api.port(), "POST", "/orders/async", order_body()).json()["id"].get<std::string>();
  auto charged = [&] {
    auto charges = od::read_ledger(dir.file("charges.db"));
    if (!charges) return false;
    for (const auto& c : *charges)
      if (c.order_id == id) return true;
    return false;
  };
  EXPECT_TRUE(eventually(charged, 10s)) << next.log();
}

}  // namespace
}  // namespace stackplan::test
