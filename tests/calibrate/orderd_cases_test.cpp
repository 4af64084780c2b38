// `stackplan calibrate` against the real orderd: the flash-sale case's load
// tests, with a 300 ms payment so they stay short. Each scenario states the
// payment wrong (1 s, 8 slots, as a guess would); calibrate must find orderd's
// 300 ms and 5 slots from the measurement and then predict what it measured.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "support/files.h"
#include "support/orderd_fixture.h"
#include "support/process.h"

namespace stackplan::test {
namespace {

constexpr double kPaymentMs = 300;
constexpr int kPaymentSlots = 5;

// The flash-sale case's users: 20 (or 5) arriving at 10/s, 100-500 ms
// between orders, for a few seconds.
std::string scenario(const std::string& name, int users, const std::string& architecture) {
  return "name: " + name + "\ntraffic:\n  users: " + std::to_string(users) +
         "\n  spawn_rate: 10/s\n  wait: uniform(100ms, 500ms)\n  duration: 5s\n"
         "architecture:\n" +
         architecture +
         "  dependency: { name: payment, slots: 8, scope: per_process, service_time: 1s }\n";
}

const std::string kSync = "  kind: sync\n";

std::string async_architecture(int concurrency, const std::string& visibility_timeout) {
  return "  kind: async\n  queue: { receive_batch: 1, visibility_timeout: " + visibility_timeout +
         " }\n  workers: { processes: 1, concurrency: " + std::to_string(concurrency) + " }\n";
}

class CalibrateOrderd : public OrderdTest {
 protected:
  // Starts orderd with the case's payment and `concurrency` worker threads,
  // runs calibrate on `yaml` against it and returns calibrate's JSON.
  nlohmann::json calibrate(const std::string& yaml, int concurrency,
                           const std::string& visibility_timeout = "30s") {
    start({"--payment-time", std::to_string(static_cast<int>(kPaymentMs)) + "ms", "--payment-slots",
           std::to_string(kPaymentSlots), "--concurrency", std::to_string(concurrency),
           "--visibility-timeout", visibility_timeout});
    const std::string file = dir.write("scenario.yaml", yaml);
    const std::string url = "http://127.0.0.1:" + std::to_string(port());
    const std::string json_path = dir.file("calibrate.json");
    auto run = run_command(stackplan_binary() + " calibrate " + file + " --url " + url +
                           " --metrics " + url + "/metrics --metrics-interval 500ms" +
                           " --drain-limit 2m --replications 5 -q --json-file " + json_path +
                           " --write " + dir.file("fitted.yaml") + " --save-run " +
                           dir.file("run.json") + " --save-metrics " + dir.file("metrics.json"));
    EXPECT_EQ(run.exit_status, 0) << run.output;
    auto j = nlohmann::json::parse(read_file(json_path), nullptr, false);
    if (!j.is_object()) ADD_FAILURE() << "no JSON from calibrate: " << run.output;
    return j;
  }

  // calibrate again from what the live run saved, with no service.
  nlohmann::json calibrate_offline() {
    const std::string json_path = dir.file("offline.json");
    auto run =
        run_command(stackplan_binary() + " calibrate " + dir.file("scenario.yaml") +
                    " --measured " + dir.file("run.json") + " --metrics-log " +
                    dir.file("metrics.json") + " --replications 5 -q --json-file " + json_path);
    EXPECT_EQ(run.exit_status, 0) << run.output;
    auto j = nlohmann::json::parse(read_file(json_path), nullptr, false);
    if (!j.is_object()) ADD_FAILURE() << "no JSON from calibrate --measured: " << run.output;
    return j;
  }

  static const nlohmann::json* figure(const nlohmann::json& j, const std::string& name) {
    for (const auto& f : j["figures"])
      if (f["name"] == name) return &f;
    return nullptr;
  }

  static void expect_within(const nlohmann::json& f, double tolerance) {
    const double measured = f["measured"], predicted = f["predicted"], slack = f["slack"];
    EXPECT_LE(std::abs(predicted - measured), std::max(slack, tolerance * std::abs(measured)))
        << f["name"] << ": measured " << measured << ", predicted " << predicted;
  }

  static void expect_every_figure_within(const nlohmann::json& j, double tolerance) {
    ASSERT_TRUE(j.contains("figures")) << j.dump();
    for (const auto& f : j["figures"]) expect_within(f, tolerance);
  }

  // The fitted payment: orderd's, not the scenario's guess.
  static void expect_fitted_payment(const nlohmann::json& j, bool slots_fitted) {
    bool service_time = false, slots = false;
    for (const auto& f : j["fitted"]) {
      const std::string value = f["value"];
      if (f["path"] == "architecture.dependency.service_time") {
        service_time = true;
        EXPECT_NEAR(std::stod(value), kPaymentMs, kPaymentMs * 0.05) << value;
      }
      if (f["path"] == "architecture.dependency.slots") {
        slots = true;
        EXPECT_EQ(value, std::to_string(kPaymentSlots));
      }
    }
    EXPECT_TRUE(service_time) << j["fitted"].dump();
    EXPECT_EQ(slots, slots_fitted) << j["fitted"].dump();
  }
};

// 5 users never need more than the 5 slots: nothing queues, and the run
// cannot show the slot count (calibrate says so and keeps the guess).
TEST_F(CalibrateOrderd, SyncFiveUsers) {
  auto j = calibrate(scenario("sync-5-users", 5, kSync), 5);
  expect_fitted_payment(j, false);
  expect_every_figure_within(j, 0.10);
}

// 20 users on 5 slots: requests queue for a slot, throughput at the ceiling.
TEST_F(CalibrateOrderd, SyncTwentyUsers) {
  auto j = calibrate(scenario("sync-20-users", 20, kSync), 5);
  expect_fitted_payment(j, true);
  expect_every_figure_within(j, 0.10);
  ASSERT_NE(figure(j, "throughput"), nullptr);
}

// 20 users on the queue, one worker process: fast accepts, a backlog that
// drains at the payment ceiling after the traffic.
TEST_F(CalibrateOrderd, AsyncTwentyUsersOneWorkerProcess) {
  auto j = calibrate(scenario("async-20-users", 20, async_architecture(10, "30s")), 10);
  expect_fitted_payment(j, true);
  expect_every_figure_within(j, 0.10);
  const auto* backlog = figure(j, "peak backlog");
  ASSERT_NE(backlog, nullptr);
  EXPECT_GT((*backlog)["measured"].get<double>(), 100);
  EXPECT_NE(figure(j, "time to drain"), nullptr);

  // Offline, from the saved run and metrics: the same fit and figures (the
  // accept latency is fitted from the saved percentiles, not every answer).
  auto offline = calibrate_offline();
  expect_fitted_payment(offline, true);
  expect_every_figure_within(offline, 0.10);
  ASSERT_EQ(offline["figures"].size(), j["figures"].size());
  for (size_t i = 0; i < j["figures"].size(); ++i)
    // The saved file rounds latencies to the microsecond.
    EXPECT_NEAR(offline["figures"][i]["measured"].get<double>(),
                j["figures"][i]["measured"].get<double>(), 1e-3)
        << j["figures"][i]["name"];
}

// 40 worker threads for 5 slots and a 2 s visibility timeout: a claimed order
// waits about 2.4 s for its slot, its lease expires, another thread claims it
// (the oldest due order) and the gateway refuses its second charge.
TEST_F(CalibrateOrderd, RedeliveriesAndRefusedDuplicates) {
  auto j = calibrate(scenario("async-redelivery", 20, async_architecture(40, "2s")), 40, "2s");
  for (const char* name : {"redeliveries", "duplicate charges"}) {
    const auto* f = figure(j, name);
    ASSERT_NE(f, nullptr) << name << " missing: " << j.dump();
    EXPECT_GT((*f)["measured"].get<double>(), 50) << name;
    expect_within(*f, 0.20);
  }
}

}  // namespace
}  // namespace stackplan::test
