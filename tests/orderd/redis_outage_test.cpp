// A crash of Redis during a flash sale: redis-server (appendonly yes,
// appendfsync always) is killed with SIGKILL while clients post orders, and
// restarted on the same port with the same data directory. While it is down
// the API answers 503 at once, never 202; the workers back off; both log the
// outage in a few lines, not one per poll or per commit; once it is back
// every order answered 202 is paid, and charged exactly once.
#include <gtest/gtest.h>
#include <hiredis/hiredis.h>

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
using Clock = std::chrono::steady_clock;
namespace od = stackplan::orderd;

// Short payments and many slots: the backlog of a few seconds of the sale
// drains in a few seconds, so the test stays short.
constexpr const char* kPaymentTime = "20ms";
constexpr const char* kPaymentSlots = "10";
constexpr const char* kWorkerThreads = "10";
// Workers poll an empty queue every 10 ms: without backoff, a dead Redis
// would cost each thread 100 failed claims a second.
constexpr const char* kPollInterval = "10ms";
constexpr int kClients = 4;
constexpr auto kClientPause = 20ms;  // at most 4 x 50 = 200 orders a second
constexpr auto kBeforeCrash = 1s;
constexpr auto kOutage = 2s;
constexpr auto kAfterRestart = 1s;
// A refused connection to Redis on loopback costs well under a millisecond,
// so the API can answer 503 in milliseconds; 1 s leaves room for sanitizers
// on a loaded machine, yet is below every timeout that could delay the
// answer (the 2 s connect timeout, the 10 s reply timeout): a 503 that
// waited for one of them fails this bound.
constexpr auto kFast503 = 1s;
// Lines a process may log during the whole outage: that its calls to the
// queue fail, maybe a summary, that they succeed again.
constexpr int kMaxOutageLogLines = 3;
constexpr auto kDrainTimeout = 15s;

struct Answer {
  Clock::time_point sent;
  Clock::time_point answered;
  int status = 0;
  std::string error;  // the error code of a 503
  std::string id;     // the order id, when the answer gives one
};

// Clients posting async orders, each pausing between requests, until told to stop.
class Clients {
 public:
  explicit Clients(uint16_t port) {
    for (int c = 0; c < kClients; ++c) threads_.emplace_back([this, port, c] { run(port, c); });
  }
  ~Clients() { stop(); }
  void stop() {
    stopping_ = true;
    for (auto& t : threads_)
      if (t.joinable()) t.join();
  }
  std::vector<Answer> answers() {
    std::lock_guard lock(mu_);
    return answers_;
  }

 private:
  void run(uint16_t port, int client) {
    std::string body = order_body("client" + std::to_string(client));
    while (!stopping_) {
      Answer a;
      a.sent = Clock::now();
      HttpResult r = http(port, "POST", "/orders/async", body);
      a.answered = Clock::now();
      a.status = r.status;
      auto json = r.json();
      if (json.is_object() && json["error"].is_string()) a.error = json["error"];
      if (json.is_object() && json["id"].is_string()) a.id = json["id"];
      {
        std::lock_guard lock(mu_);
        answers_.push_back(std::move(a));
      }
      std::this_thread::sleep_for(kClientPause);
    }
  }

  std::atomic<bool> stopping_{false};
  std::mutex mu_;
  std::vector<Answer> answers_;
  std::vector<std::thread> threads_;
};

// Sends one command to the backend's Redis; returns the reply's type.
int redis_command(const Backend& backend, const char* command) {
  redisContext* redis = redisConnect("127.0.0.1", backend.store_config().redis_port);
  if (!redis || redis->err) return -1;
  auto* reply = static_cast<redisReply*>(redisCommand(redis, command));
  int type = reply ? reply->type : -1;
  freeReplyObject(reply);
  redisFree(redis);
  return type;
}

int count_lines(const std::string& text) {
  return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

TEST(RedisOutage, CrashAndRestartOfRedisDuringAFlashSaleLosesNoAcceptedOrder) {
  TempDir dir;
  Backend backend("redis", dir, RedisPersistence::kFsyncEveryWrite);
  auto flags = backend.flags();
  for (const char* f :
       {"--payment-time", kPaymentTime, "--payment-slots", kPaymentSlots, "--concurrency",
        kWorkerThreads, "--poll-interval", kPollInterval, "--max-backlog-drain", "off"})
    flags.push_back(f);
  Orderd api(dir, "api", flags, "api");
  Orderd worker(dir, "worker", flags, "worker");

  Clients clients(api.port());
  std::this_thread::sleep_for(kBeforeCrash);
  size_t worker_log_at_kill = worker.log().size();
  size_t api_log_at_kill = api.log().size();
  backend.kill_redis();
  auto killed = Clock::now();
  std::this_thread::sleep_for(kOutage);
  auto restarting = Clock::now();
  std::string worker_log_in_outage = worker.log().substr(worker_log_at_kill);
  std::string api_log_in_outage = api.log().substr(api_log_at_kill);
  backend.start_redis();
  auto restarted = Clock::now();
  std::this_thread::sleep_for(kAfterRestart);
  clients.stop();
  std::vector<Answer> answers = clients.answers();

  // Every request got an answer: 202 while Redis was up, 503 otherwise.
  std::set<std::string> accepted, unknown;
  int during_outage = 0, accepted_after_restart = 0;
  Clock::duration slowest_503{};
  for (const Answer& a : answers) {
    ASSERT_TRUE(a.status == 202 || a.status == 503) << a.status;
    if (a.status == 202) {
      ASSERT_FALSE(a.id.empty());
      EXPECT_TRUE(accepted.insert(a.id).second) << "one id accepted twice: " << a.id;
      if (a.sent >= restarted) ++accepted_after_restart;
    }
    if (a.status == 503) {
      // "outcome unknown": a write in flight when Redis died; it carries the id.
      EXPECT_TRUE(a.error == "queue_unavailable" || a.error == "outcome_unknown") << a.error;
      if (a.error == "outcome_unknown") unknown.insert(a.id);
    }
    if (a.sent >= killed && a.answered <= restarting) {
      ++during_outage;
      EXPECT_EQ(a.status, 503) << "an order accepted while Redis was down";
      slowest_503 = std::max(slowest_503, a.answered - a.sent);
      EXPECT_LT(a.answered - a.sent, kFast503)
          << std::chrono::duration_cast<std::chrono::milliseconds>(a.answered - a.sent).count()
          << " ms for a 503";
    }
  }
  EXPECT_GT(during_outage, 10) << "the clients kept posting while Redis was down";
  EXPECT_GT(accepted_after_restart, 0) << "the API accepts orders again once Redis is back";

  // Both processes said the queue was lost, and did not log each failed
  // poll or each failed commit.
  EXPECT_LE(count_lines(worker_log_in_outage), kMaxOutageLogLines) << worker_log_in_outage;
  EXPECT_NE(worker_log_in_outage.find("worker queue calls failing"), std::string::npos)
      << worker_log_in_outage;
  EXPECT_LE(count_lines(api_log_in_outage), kMaxOutageLogLines) << api_log_in_outage;
  EXPECT_NE(api_log_in_outage.find("group commits failing"), std::string::npos)
      << api_log_in_outage;

  auto store = od::open_store(backend.store_config());
  ASSERT_TRUE(store.ok()) << store.error().message();
  bool drained = eventually(
      [&] {
        auto depth = (*store)->depth();
        return depth && depth->backlog() == 0;
      },
      kDrainTimeout);
  ASSERT_TRUE(drained) << "backlog left: " << (*store)->depth()->backlog() << "\n" << worker.log();
  EXPECT_NE(worker.log().find("worker queue calls succeed again"), std::string::npos)
      << worker.log();
  EXPECT_NE(api.log().find("group commits succeed again"), std::string::npos) << api.log();

  // Every order answered 202 is paid; an order whose outcome was unknown is
  // paid if Redis had stored it, and nothing else is.
  std::set<std::string> payable = accepted;
  int not_paid = 0;
  for (const std::string& id : accepted) {
    auto order = (*store)->get(id);
    if (!order || order->state != od::OrderState::kPaid) ++not_paid;
  }
  EXPECT_EQ(not_paid, 0) << "of " << accepted.size() << " orders answered 202";
  for (const std::string& id : unknown) {
    auto order = (*store)->get(id);
    if (!order) continue;  // fenced off or never written
    EXPECT_EQ(order->state, od::OrderState::kPaid) << id;
    payable.insert(id);
  }

  // Charged exactly once: one ledger row per payable order and no other, and
  // no charge was even attempted twice (no redelivery of a charged order).
  auto ledger = od::read_ledger(dir.file("charges.db"));
  ASSERT_TRUE(ledger.ok()) << ledger.error().message();
  std::set<std::string> charged;
  for (const od::Charge& c : *ledger) {
    EXPECT_TRUE(charged.insert(c.order_id).second) << "charged twice: " << c.order_id;
    EXPECT_TRUE(payable.count(c.order_id)) << "charged but never accepted: " << c.order_id;
  }
  EXPECT_EQ(charged.size(), payable.size());
  auto depth = (*store)->depth(true);
  ASSERT_TRUE(depth.ok());
  EXPECT_EQ(depth->paid, static_cast<int64_t>(payable.size()));

  EXPECT_EQ(api.process().terminate(), 0) << api.log();
  EXPECT_EQ(worker.process().terminate(), 0) << worker.log();
  EXPECT_NE(worker.log().find("paid, 0 duplicate charges refused"), std::string::npos)
      << worker.log();

  std::printf(
      "measured: %zu answers, %d while Redis was down (all 503, the slowest in %.1f ms), %zu "
      "accepted (%zu more stored with an unknown outcome), all paid once; worker log lines "
      "during the %.1f s outage: %d (api: %d)\n",
      answers.size(), during_outage, std::chrono::duration<double, std::milli>(slowest_503).count(),
      accepted.size(), payable.size() - accepted.size(),
      std::chrono::duration<double>(restarting - killed).count(), count_lines(worker_log_in_outage),
      count_lines(api_log_in_outage));
}

// An order delivered to a consumer whose claim then failed (Redis died
// before the order was taken) is that consumer's to take at its next claim,
// not after the visibility timeout.
TEST(RedisOutage, EntryDeliveredBeforeAFailedClaimIsTakenAtTheNextClaim) {
  TempDir dir;
  Backend backend("redis", dir);
  auto store = od::open_store(backend.store_config());
  ASSERT_TRUE(store.ok()) << store.error().message();
  od::NewOrder order{"ord_stranded", "", "c1", R"([{"product_id":"p1","quantity":1}])", 100};
  ASSERT_TRUE((*store)->enqueue(std::span(&order, 1)).ok());
  // The first half of a claim: the entry is delivered to the consumer.
  EXPECT_EQ(
      redis_command(backend, "XREADGROUP GROUP workers worker-1 COUNT 1 STREAMS orderd:stream >"),
      REDIS_REPLY_ARRAY);

  auto worker = od::open_store(backend.store_config());
  ASSERT_TRUE(worker.ok());
  auto claimed = (*worker)->claim("worker-1", 1, Duration::seconds(30), 5);
  ASSERT_TRUE(claimed.ok()) << claimed.error().message();
  ASSERT_EQ(claimed->size(), 1u);
  EXPECT_EQ((*claimed)[0].id, "ord_stranded");
  ASSERT_TRUE((*worker)->complete((*claimed)[0]).ok());
  auto depth = (*worker)->depth();
  ASSERT_TRUE(depth.ok());
  EXPECT_EQ(depth->backlog(), 0);
}

// A Redis emptied under live connections (FLUSHALL, a failover to a replica
// that lost the data) has lost the orders, but orderd must take and pay new
// ones: a claim that finds no consumer group makes the next one create it.
TEST(RedisOutage, RedisEmptiedUnderALiveConnectionGetsItsConsumerGroupBack) {
  TempDir dir;
  Backend backend("redis", dir);
  auto store = od::open_store(backend.store_config());
  ASSERT_TRUE(store.ok()) << store.error().message();
  ASSERT_TRUE((*store)->claim("worker-1", 1, Duration::seconds(30), 5).ok());
  ASSERT_EQ(redis_command(backend, "FLUSHALL"), REDIS_REPLY_STATUS);
  od::NewOrder order{"ord_after_flush", "", "c1", R"([{"product_id":"p1","quantity":1}])", 100};
  auto outcome = (*store)->enqueue(std::span(&order, 1));
  ASSERT_TRUE(outcome.ok() && (*outcome)[0].fate == od::EnqueueFate::kStored);
  std::vector<od::Delivery> taken;
  int failed_claims = 0;
  for (int i = 0; i < 3 && taken.empty(); ++i) {
    auto claimed = (*store)->claim("worker-1", 1, Duration::seconds(30), 5);
    if (claimed.ok())
      taken = *claimed;
    else
      ++failed_claims;
  }
  ASSERT_EQ(taken.size(), 1u) << failed_claims << " failed claims";
  EXPECT_EQ(taken[0].id, "ord_after_flush");
  EXPECT_LE(failed_claims, 1);
}

}  // namespace
}  // namespace stackplan::test
