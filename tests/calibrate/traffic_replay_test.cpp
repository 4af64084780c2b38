// A scenario's traffic as load options: the same users or rate, for the same
// time, to the kind's endpoint; and the refusals, naming the field.
#include "calibrate/traffic_replay.h"

#include <gtest/gtest.h>

namespace stackplan::calibrate {
namespace {

Scenario parse(const std::string& traffic, const std::string& kind = "async") {
  auto s = parse_scenario_text("name: t\ntraffic: " + traffic + "\narchitecture: {kind: " + kind +
                                   ", dependency: {slots: 5, service_time: 300ms}}\n",
                               "t.yaml");
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message());
  return s.ok() ? *s : Scenario{};
}

ReplayTarget target() {
  ReplayTarget t;
  t.url = "http://127.0.0.1:8080";
  return t;
}

TEST(CalibrateReplay, ClosedUsersAreReplayedAsTheyAreSimulated) {
  auto options = replay_options(
      parse("{users: 20, spawn_rate: 10/s, wait: \"uniform(100ms, 500ms)\", duration: 12s}"),
      target());
  ASSERT_TRUE(options.ok()) << options.error().message();
  EXPECT_EQ(options->users, 20);
  EXPECT_DOUBLE_EQ(options->spawn_rate, 10);
  EXPECT_EQ(options->wait.mean(), Duration::milliseconds(300));
  EXPECT_EQ(options->run_time, Duration::seconds(12));
  EXPECT_FALSE(options->rate);
  ASSERT_EQ(options->plan.endpoints.size(), 1u);
  EXPECT_EQ(options->plan.endpoints[0].path, "/orders/async");
  EXPECT_EQ(options->plan.endpoints[0].method, "POST");
  EXPECT_EQ(options->target.port, 8080);
}

TEST(CalibrateReplay, OpenTrafficKeepsItsRateAndProcess) {
  auto options =
      replay_options(parse("{rate: 50/s, arrivals: constant, duration: 20s}", "sync"), target());
  ASSERT_TRUE(options.ok()) << options.error().message();
  ASSERT_TRUE(options->rate);
  EXPECT_DOUBLE_EQ(options->rate->rate_at(Duration::seconds(5)), 50);
  EXPECT_FALSE(options->poisson);
  EXPECT_EQ(options->plan.endpoints[0].path, "/orders/sync");
}

TEST(CalibrateReplay, RefusalsNameTheField) {
  auto month = replay_options(parse("{users: 5, spawn_rate: 1/s, duration: 30d}"), target());
  ASSERT_FALSE(month.ok());
  EXPECT_NE(month.error().message().find("traffic.duration"), std::string::npos);
  EXPECT_NE(month.error().message().find("shorter window"), std::string::npos);
  auto flood = replay_options(parse("{rate: 100000/s, duration: 10m}"), target());
  ASSERT_FALSE(flood.ok());
  EXPECT_NE(flood.error().message().find("traffic.rate"), std::string::npos);
  auto function =
      replay_options(parse("{users: 5, spawn_rate: 1/s, duration: 10s}", "serverless"), target());
  ASSERT_FALSE(function.ok());
  EXPECT_NE(function.error().message().find("--path"), std::string::npos);
  ReplayTarget bad = target();
  bad.url = "ftp://x";
  auto url = replay_options(parse("{users: 5, spawn_rate: 1/s, duration: 10s}"), bad);
  ASSERT_FALSE(url.ok());
  EXPECT_NE(url.error().message().find("--url"), std::string::npos);
}

}  // namespace
}  // namespace stackplan::calibrate
