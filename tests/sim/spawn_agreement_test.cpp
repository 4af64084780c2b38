// `stackplan simulate` and `stackplan load` start closed-model users at the
// same moments: the same users and spawn rate give the same number of
// running users at the end of each second, in a simulated run and in a real
// one against a server on 127.0.0.1 (about two seconds of wall time).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "load/load_runner.h"
#include "sim_test_util.h"
#include "support/http_test_server.h"

namespace stackplan {
namespace {

constexpr int kUsers = 5;
// 2.5/s: Locust starts 2 users at 0, 0.8 and 1.6 s. Fractional on purpose:
// at whole rates every schedule looks alike.
constexpr double kSpawnRate = 2.5;
constexpr size_t kSeconds = 2;

// Users running at the end of each second of a simulated run. Each sends one
// request, at its start; patience only schedules later events, so that the
// timeline rows of the first seconds are written.
std::vector<uint64_t> simulated_running_users() {
  Scenario s = sim::from_text("traffic: { users: " + std::to_string(kUsers) +
                              ", spawn_rate: " + std::to_string(kSpawnRate) +
                              "/s, wait: 1h, patience: 5s, duration: 10s }\n"
                              "architecture: { kind: sync, dependency: { name: payment, "
                              "slots: 100, service_time: 0s } }\n");
  sim::SimResult r = sim::run(s, 1, true);
  std::vector<uint64_t> running;
  uint64_t started = 0;
  for (size_t second = 0; second < kSeconds && second < r.timeline.size(); ++second) {
    started += r.timeline[second].arrivals;
    running.push_back(started);
  }
  return running;
}

// The same, measured by the load generator.
std::vector<uint64_t> measured_running_users() {
  test::TestServer server({});
  load::LoadOptions o;
  o.target = test::must(load::parse_url(server.url()));
  o.plan = load::single_request_plan("GET", o.target.path_and_query, {}, std::nullopt);
  o.threads = 2;
  o.users = kUsers;
  o.spawn_rate = kSpawnRate;
  o.wait = Distribution::constant(Duration::seconds(3600));
  o.run_time = Duration::seconds(static_cast<int64_t>(kSeconds));
  const auto report = test::must(load::run_load(o));
  std::vector<uint64_t> running;
  for (size_t second = 0; second < kSeconds && second < report.timeline.size(); ++second)
    running.push_back(report.timeline[second].active);
  return running;
}

TEST(SpawnAgreement, SimulatorAndLoadGeneratorStartUsersTogether) {
  std::vector<uint64_t> simulated = simulated_running_users();
  EXPECT_EQ(simulated, (std::vector<uint64_t>{4, 5}));
  EXPECT_EQ(measured_running_users(), simulated);
}

}  // namespace
}  // namespace stackplan
