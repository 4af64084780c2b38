// Redis stalls (SIGSTOP, as a long fork, a swap storm or a slow disk would):
// a write whose reply is lost is settled before orderd answers, or answered
// "outcome unknown" with the order's id, never "failed" for an order that is
// then stored and paid; and the queue-depth refresh resumes within seconds,
// so an empty queue gets no 429s.
#include <gtest/gtest.h>
#include <signal.h>

#include <future>
#include <thread>

#include "orderd/store.h"
#include "support/orderd_fixture.h"

namespace stackplan::test {
namespace {

using namespace std::chrono_literals;
namespace od = stackplan::orderd;

// Stops Redis for a while; resumes it when destroyed, whatever happened.
class RedisStall {
 public:
  explicit RedisStall(pid_t pid) : pid_(pid) { ::kill(pid_, SIGSTOP); }
  ~RedisStall() { resume(); }
  void resume() {
    if (pid_ > 0) ::kill(pid_, SIGCONT);
    pid_ = -1;
  }

 private:
  pid_t pid_;
};

class RedisStallTest : public ::testing::Test {
 protected:
  void SetUp() override { backend_ = std::make_unique<Backend>("redis", dir_); }
  std::unique_ptr<Orderd> start(const std::string& mode, std::vector<std::string> extra) {
    auto flags = backend_->flags();
    flags.insert(flags.end(), extra.begin(), extra.end());
    return std::make_unique<Orderd>(dir_, mode, flags);
  }
  // Orders in the stream (an API without workers: every stored order).
  int64_t stored_orders() {
    auto store = od::open_store(backend_->store_config());
    if (!store) return -1;
    auto depth = (*store)->depth();
    return depth ? depth->visible + depth->in_flight : -1;
  }

  TempDir dir_;
  std::unique_ptr<Backend> backend_;
};

TEST_F(RedisStallTest, WriteWhoseReplyIsLostIsSettledBeforeTheAnswer) {
  // The write times out at 300 ms; the settling waits up to 600 ms per
  // reply, and Redis wakes at 600 ms: the answer can be definite.
  auto api = start("api", {"--redis-timeout", "300ms", "--max-backlog-drain", "0"});
  ASSERT_EQ(http(api->port(), "POST", "/orders/async", order_body()).status, 202);
  HttpResult answer;
  {
    RedisStall stall(backend_->redis_pid());
    auto pending = std::async(std::launch::async, [&] {
      return http(api->port(), "POST", "/orders/async", order_body());
    });
    std::this_thread::sleep_for(600ms);
    stall.resume();
    answer = pending.get();
  }
  ASSERT_TRUE(answer.status == 202 || answer.status == 503) << answer.body;
  if (answer.status == 503) {
    EXPECT_EQ(answer.json()["error"], "queue_unavailable") << answer.body;
    EXPECT_NE(answer.json()["detail"].get<std::string>().find("not stored"), std::string::npos);
  }
  // What the client was told is what Redis holds, now and later.
  int64_t expected = answer.status == 202 ? 2 : 1;
  EXPECT_EQ(stored_orders(), expected) << answer.body;
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(stored_orders(), expected) << answer.body;
  EXPECT_EQ(api->process().terminate(), 0) << api->log();
}

TEST_F(RedisStallTest, WriteThatCannotBeSettledIsAnsweredOutcomeUnknownWithItsId) {
  auto api = start("api", {"--redis-timeout", "200ms", "--max-backlog-drain", "0"});
  ASSERT_EQ(http(api->port(), "POST", "/orders/async", order_body()).status, 202);
  HttpResult answer;
  {
    RedisStall stall(backend_->redis_pid());
    answer = http(api->port(), "POST", "/orders/async", order_body());
  }
  ASSERT_EQ(answer.status, 503) << answer.body;
  auto body = answer.json();
  EXPECT_EQ(body["error"], "outcome_unknown") << answer.body;
  ASSERT_TRUE(body["id"].is_string()) << answer.body;
  std::string id = body["id"];
  EXPECT_EQ(body["location"], "/orders/" + id);
  EXPECT_NE(body["detail"].get<std::string>().find("same Idempotency-Key"), std::string::npos);
  // Once Redis is back the id tells the truth, and keeps telling it.
  std::this_thread::sleep_for(300ms);
  int first = http(api->port(), "GET", "/orders/" + id).status;
  EXPECT_TRUE(first == 200 || first == 404) << first;
  EXPECT_EQ(stored_orders(), first == 200 ? 2 : 1);
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(http(api->port(), "GET", "/orders/" + id).status, first);
  EXPECT_EQ(api->process().terminate(), 0) << api->log();
}

TEST_F(RedisStallTest, DepthRefreshResumesSoonAfterAStallAndAnEmptyQueueGetsNo429) {
  // Backpressure refuses past 2/s x 3 s = 6 orders of backlog; workers pay
  // each order in 5 ms, so the real backlog stays near zero.
  auto node = start("all", {"--drain-rate", "2/s", "--max-backlog-drain", "3s", "--payment-time",
                            "5ms", "--poll-interval", "10ms"});
  ASSERT_EQ(http(node->port(), "POST", "/orders/async", order_body()).status, 202);
  {
    RedisStall stall(backend_->redis_pid());
    std::this_thread::sleep_for(3s);  // the depth query now in flight takes 3 s
  }
  std::this_thread::sleep_for(6s);  // longer than the longest refresh pause
  for (int i = 0; i < 12; ++i) {
    auto r = http(node->port(), "POST", "/orders/async", order_body());
    EXPECT_EQ(r.status, 202) << "order " << i << ": " << r.body;
    std::this_thread::sleep_for(300ms);
  }
  EXPECT_EQ(node->process().terminate(), 0) << node->log();
}

}  // namespace
}  // namespace stackplan::test
