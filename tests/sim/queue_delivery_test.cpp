// Where a message goes when its visibility timeout expires (queue.delivery):
// `standard` (an SQS standard queue) makes it available at once, older than
// the backlog, so the next receive takes it while its first copy may still
// wait for a slot; `fifo` puts it behind the whole backlog.
#include <gtest/gtest.h>

#include <string>

#include "sim_test_util.h"

namespace stackplan::sim {
namespace {

// Ten orders accepted within 90 ms, then one process holding two messages
// for one payment slot of 3 s. The second message held waits 3 s for the
// slot, longer than the 2.5 s visibility timeout: it becomes visible again
// while its first copy waits, before the slot frees.
constexpr uint64_t kOrders = 10;
constexpr double kServiceSeconds = 3;

Scenario backlog_with(const std::string& delivery) {
  auto s = from_text(
      "traffic: { rate: 100/s, arrivals: constant, duration: 100ms }\n"
      "architecture:\n"
      "  kind: async\n"
      "  queue: { receive_batch: 1, visibility_timeout: 2500ms, receive_latency: 0s,"
      " delivery: " +
      delivery +
      " }\n"
      "  workers: { processes: 1, concurrency: 2 }\n"
      "  dependency: { slots: 1, service_time: 3s }\n");
  return s;
}

TEST(QueueDelivery, StandardReceivesAReturnedMessageBeforeTheBacklog) {
  auto standard = run(backlog_with("standard"));
  auto fifo = run(backlog_with("fifo"));
  for (const auto* r : {&standard, &fifo}) {
    ASSERT_EQ(r->orders.accepted, kOrders);
    EXPECT_EQ(r->orders.completed, kOrders);
    EXPECT_TRUE(r->queue.drained);
  }

  // fifo: each returned copy joins the back, and its first copy is paid and
  // deletes the message long before the backlog ahead of it is through:
  // orders are paid in acceptance order, one per service time, and none
  // twice. (Only the last order's copy is received again, once no backlog is
  // left; it still waits for the slot when the last order is paid and the
  // run ends.)
  EXPECT_EQ(fifo.orders.duplicates, 0u);
  EXPECT_NEAR(fifo.orders.latency_ns.max() / 1e9, kOrders * kServiceSeconds, 0.2);

  // standard: a returned copy is the oldest visible message, so the room
  // freed by each payment goes to it instead of the next order. Every order
  // but the first (its copy is deleted before any room frees) is paid twice,
  // the last one's second payment still waiting when the run ends, and each
  // duplicate holds the slot for a service time the backlog waits behind:
  // order k is paid at 2(k - 1) service times instead of k.
  EXPECT_EQ(standard.orders.duplicates, kOrders - 2);
  EXPECT_NEAR(standard.orders.latency_ns.max() / 1e9, 2 * (kOrders - 1) * kServiceSeconds, 0.2);
}

// The flash-sale case's phase 5 with 100 goroutines: one process holding 100
// messages for 5 payment slots of 3 s, so a held message waits up to 60 s for
// a slot, twice the 30 s visibility timeout.
TEST(QueueDelivery, PhaseFiveHundredGoroutinesPayTwiceOnAStandardQueue) {
  auto s = load_example("flash-sale-100-goroutines.yaml");
  s.architecture.queue.delivery = QueueConfig::Delivery::kStandard;
  auto standard = run(s);
  s.architecture.queue.delivery = QueueConfig::Delivery::kFifo;
  auto fifo = run(s);

  // In both, nearly every message outwaits its timeout once. What happens to
  // the returned copy tells the queues apart.
  for (const auto* r : {&standard, &fifo}) {
    EXPECT_EQ(r->orders.completed, r->orders.accepted);
    EXPECT_TRUE(r->queue.drained);
  }
  // fifo: the returned copy waits behind thousands of messages, far longer
  // than its first copy takes to be paid, which deletes it unseen: nobody is
  // charged twice.
  EXPECT_EQ(fifo.orders.duplicates, 0u);
  EXPECT_LT(fifo.orders.redeliveries, fifo.orders.accepted / 10);
  // standard: the next receive takes the returned copy at once, so it joins
  // the wait for a slot while its first copy is still in it, and the order is
  // received and charged twice. Nearly every order is, and as each second payment takes a
  // slot for 3 s the backlog drains at half the rate.
  EXPECT_GT(standard.orders.redeliveries, standard.orders.accepted * 9 / 10);
  EXPECT_GT(standard.orders.duplicates, standard.orders.accepted * 9 / 10);
  EXPECT_GT(standard.queue.drain_time.seconds_f(), 1.8 * fifo.queue.drain_time.seconds_f());

  // The returned messages' order is exact (oldest accepted first): the same
  // seed gives the same run.
  s.architecture.queue.delivery = QueueConfig::Delivery::kStandard;
  auto again = run(s);
  EXPECT_EQ(again.orders.duplicates, standard.orders.duplicates);
  EXPECT_EQ(again.orders.latency_ns.max(), standard.orders.latency_ns.max());
  EXPECT_EQ(again.events, standard.events);
}

}  // namespace
}  // namespace stackplan::sim
