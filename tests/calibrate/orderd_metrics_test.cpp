// The sampler against the real orderd: its /metrics read while a burst of
// orders is paid, sampling until the backlog has drained, as `stackplan
// calibrate` does after its load run.
#include <gtest/gtest.h>

#include <string>

#include "calibrate/metrics_sampler.h"
#include "support/must.h"
#include "support/orderd_fixture.h"

namespace stackplan::calibrate {
namespace {

using test::must;

constexpr Duration kTimeout = Duration::seconds(5);
constexpr int kOrders = 20;
constexpr double kPaymentSeconds = 0.05;

class OrderdMetrics : public test::OrderdTest {};

TEST_F(OrderdMetrics, SamplesUntilTheBacklogHasDrained) {
  start({"--payment-time", "50ms", "--payment-slots", "2", "--durability", "os"});
  const auto url = must(load::parse_url("http://127.0.0.1:" + std::to_string(port()) + "/metrics"));
  const Scrape before = must(scrape_once(url, kTimeout));
  EXPECT_EQ(before.value("orderd_orders_accepted_total"), 0);
  EXPECT_EQ(before.value("orderd_payment_slots"), 2);

  MetricsSampler sampler(url, Duration::milliseconds(50), kTimeout);
  sampler.start();
  for (int i = 0; i < kOrders; ++i)
    ASSERT_EQ(test::http(port(), "POST", "/orders/async", test::order_body(),
                         {{"Idempotency-Key", "burst-" + std::to_string(i)}})
                  .status,
              202);
  // 20 payments of 50 ms on 2 slots: half a second of backlog.
  const bool drained = sampler.sample_until(
      [](const Scrape& s) {
        return s.value("orderd_orders_paid_total") == kOrders &&
               s.value("orderd_queue_depth", {{"state", "visible"}}) == 0 &&
               s.value("orderd_queue_depth", {{"state", "in_flight"}}) == 0;
      },
      Duration::seconds(20));
  ASSERT_TRUE(drained) << sampler.first_error();
  EXPECT_EQ(sampler.failed_scrapes(), 0u) << sampler.first_error();

  const auto scrapes = sampler.scrapes();
  ASSERT_GE(scrapes.size(), 2u);
  const Scrape& last = scrapes.back().scrape;
  EXPECT_EQ(last.value("orderd_orders_accepted_total"), kOrders);
  auto payments = must(histogram(last, "orderd_payment_latency_seconds"));
  auto payments_before = must(histogram(before, "orderd_payment_latency_seconds"));
  ASSERT_TRUE(payments && payments_before);
  const HistogramSnapshot window = payments->minus(*payments_before);
  EXPECT_EQ(window.count, kOrders);
  // Every call takes the gateway's 50 ms, plus its wait for a slot.
  EXPECT_GE(window.mean(), kPaymentSeconds * 0.99);
  EXPECT_LT(window.mean(), 1.0);
  EXPECT_GE(window.quantile(0.5), kPaymentSeconds);
}

}  // namespace
}  // namespace stackplan::calibrate
