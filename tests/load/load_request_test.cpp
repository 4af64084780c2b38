// Every option check of `stackplan load`, in the library: each refused
// combination or value with its message, without starting a run.
#include "load/load_request.h"

#include <gtest/gtest.h>

#include <string>

#include "load/load_command.h"

namespace stackplan::load {
namespace {

// A request that builds: one GET for one second, closed model.
LoadRequest good() {
  LoadRequest r;
  r.url = "http://127.0.0.1:8080/items?page=2";
  r.run_time = "1s";
  return r;
}

std::string refusal(const LoadRequest& r) {
  auto o = build_load_options(r);
  return o.ok() ? "(accepted)" : o.error().message();
}

TEST(LoadRequest, GoodRequestBuildsTheClosedModel) {
  LoadRequest r = good();
  r.users = 5;
  r.spawn_rate = 0.5;
  r.wait = "between(1s, 2s)";
  auto o = build_load_options(r);
  ASSERT_TRUE(o.ok()) << o.error().message();
  EXPECT_FALSE(o->rate.has_value());
  EXPECT_EQ(o->users, 5);
  EXPECT_DOUBLE_EQ(o->spawn_rate, 0.5);
  EXPECT_EQ(o->run_time, Duration::seconds(1));
  EXPECT_EQ(o->target.path_and_query, "/items?page=2");
  ASSERT_EQ(o->plan.endpoints.size(), 1u);
  EXPECT_EQ(o->plan.endpoints[0].method, "GET");
  EXPECT_EQ(o->wait.mean(), Duration::milliseconds(1500));
}

TEST(LoadRequest, ConnectionsStandForUsersInTheClosedModel) {
  LoadRequest r = good();
  r.connections = 7;
  EXPECT_EQ(build_load_options(r).value().users, 7);
}

TEST(LoadRequest, RateMakesTheOpenModel) {
  LoadRequest r = good();
  r.rate = "200/s";
  r.arrivals = "poisson";
  r.connections = 2000;
  auto o = build_load_options(r);
  ASSERT_TRUE(o.ok()) << o.error().message();
  ASSERT_TRUE(o->rate.has_value());
  EXPECT_DOUBLE_EQ(o->rate->peak(), 200);
  EXPECT_TRUE(o->poisson);
  EXPECT_EQ(o->max_connections, 2000);  // raised to the connections asked for
}

TEST(LoadRequest, SingleRequestFlagsDoNotGoWithAPlan) {
  const std::string message =
      "--header, --body and --method describe the single request; with --plan put them in the "
      "plan";
  for (int flag = 0; flag < 3; ++flag) {
    LoadRequest r = good();
    r.plan_file = "plan.yaml";
    if (flag == 0) r.headers = {"X-A: 1"};
    if (flag == 1) r.body = "{}";
    if (flag == 2) r.method = "POST";
    EXPECT_EQ(refusal(r), message) << flag;
  }
}

TEST(LoadRequest, ClosedModelFlagsDoNotGoWithARate) {
  const std::string message =
      "--users, --spawn-rate and --wait are for the closed model; --rate/--steps make it open";
  for (int flag = 0; flag < 3; ++flag) {
    LoadRequest r = good();
    r.rate = "10/s";
    if (flag == 0) r.users = 0;  // given at all is enough
    if (flag == 1) r.spawn_rate = 1;
    if (flag == 2) r.wait = "1s";
    EXPECT_EQ(refusal(r), message) << flag;
  }
}

TEST(LoadRequest, RefusedCombinationsAndValues) {
  struct Case {
    void (*change)(LoadRequest&);
    const char* message;
  };
  const Case cases[] = {
      {[](LoadRequest& r) { r.steps = "10/s for 1s", r.rate = "5/s"; },
       "--steps replaces --rate and --spike"},
      {[](LoadRequest& r) { r.steps = "10/s for 1s", r.spike = "20/s at 1s for 1s"; },
       "--steps replaces --rate and --spike"},
      {[](LoadRequest& r) { r.rate = "10/s", r.arrivals = "bursty"; },
       "--arrivals is constant or poisson"},
      {[](LoadRequest& r) { r.spike = "20/s at 1s for 1s"; }, "--spike needs a baseline --rate"},
      {[](LoadRequest& r) { r.users = 2, r.connections = 3; },
       "--users and --connections disagree (in the closed model each user has one connection)"},
      {[](LoadRequest& r) { r.url = ""; }, "give a URL to load (or a plan with base_url)"},
      {[](LoadRequest& r) { r.headers = {"no colon"}; },
       "bad header \"no colon\": expected Name: value"},
      {[](LoadRequest& r) { r.headers = {": empty name"}; },
       "bad header \": empty name\": expected Name: value"},
      {[](LoadRequest& r) { r.run_time = "", r.requests = 0; },
       "say when to stop: a run time (--run-time 30s) or a request count (--requests N)"},
      {[](LoadRequest& r) { r.threads = -1; }, "--threads must be between 1 and 1024"},
      {[](LoadRequest& r) { r.threads = 1025; }, "--threads must be between 1 and 1024"},
      {[](LoadRequest& r) { r.rate = "0/s"; }, "the arrival rate must be above zero"},
      {[](LoadRequest& r) { r.rate = "10/s", r.max_connections = 0; },
       "--max-connections must be at least 1"},
      {[](LoadRequest& r) { r.users = -1; }, "at least one user (or connection) is needed"},
      {[](LoadRequest& r) { r.spawn_rate = -1; }, "the spawn rate must not be negative"},
      {[](LoadRequest& r) { r.timeout = "0s"; }, "--timeout must be above zero"},
  };
  for (const auto& c : cases) {
    LoadRequest r = good();
    c.change(r);
    EXPECT_EQ(refusal(r), c.message);
  }
}

TEST(LoadRequest, UnparsableValuesNameTheirFlag) {
  struct Case {
    void (*change)(LoadRequest&);
    const char* prefix;
  };
  const Case cases[] = {
      {[](LoadRequest& r) { r.run_time = "soon"; }, "--run-time: "},
      {[](LoadRequest& r) { r.timeout = "never"; }, "--timeout: "},
      {[](LoadRequest& r) { r.rate = "fast"; }, "--rate: "},
      {[](LoadRequest& r) { r.wait = "bogus(1)"; }, "--wait: "},
  };
  for (const auto& c : cases) {
    LoadRequest r = good();
    c.change(r);
    EXPECT_EQ(refusal(r).rfind(c.prefix, 0), 0u) << refusal(r);
  }
}

TEST(LoadOptionsCheck, OpenModelConnectionsWithinTheBound) {
  LoadOptions o = build_load_options([] {
                    LoadRequest r = good();
                    r.rate = "10/s";
                    return r;
                  }())
                      .value();
  EXPECT_TRUE(validate(o).ok());
  o.connections = o.max_connections + 1;
  EXPECT_EQ(validate(o).message(), "--connections is above --max-connections");
  o.plan.endpoints.clear();
  EXPECT_EQ(validate(o).message(), "nothing to send: the plan has no endpoints");
}

TEST(LoadCommand, ThresholdIsCheckedBeforeAnyRequest) {
  LoadCommand c;
  c.request = good();
  c.thresholds = {"p95<200ms", "bogus"};
  auto out = run_load_command(c);
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.error().message().find("bogus"), std::string::npos) << out.error().message();
}

// Port 1 on the loopback: nothing listens there, so every connect is refused.
// (The files it renders are tested in tests/report/load_report_test.cpp.)
TEST(LoadCommand, NothingAnsweringIsNamed) {
  LoadCommand c;
  c.request.url = "http://127.0.0.1:1/";
  c.request.requests = 2;
  c.request.threads = 1;
  auto out = run_load_command(c);
  ASSERT_TRUE(out.ok()) << out.error().message();
  EXPECT_EQ(out->no_answer, "could not connect to 127.0.0.1:1");
  EXPECT_TRUE(out->thresholds_met);
  EXPECT_EQ(out->report.total.requests, 2u);
}

}  // namespace
}  // namespace stackplan::load
