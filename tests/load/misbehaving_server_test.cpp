// The load generator against servers that misbehave on 127.0.0.1: one that
// accepts and never answers, one that resets every connection, and healthy
// answers still in flight when the run time ends. No request may vanish from
// the report: each one either got a response or is counted as a failure.
#include <gtest/gtest.h>

#include <chrono>

#include "load_test_util.h"

namespace stackplan::load {
namespace {

using test::TestServer;
using test::TestServerConfig;
using Misbehaviour = TestServerConfig::Misbehaviour;
using namespace std::chrono_literals;

LoadOptions options_for(const TestServer& server) { return load::options_for(server.url(), 1); }

uint64_t errors_of(const LoadReport& r, ErrorKind kind) {
  return r.total.error_counts[static_cast<size_t>(kind)];
}

uint64_t responses_of(const LoadReport& r) {
  uint64_t n = 0;
  for (uint64_t count : r.total.status_counts) n += count;
  return n;
}

TEST(MisbehavingServer, RequestsInFlightAtTheEndAreTimeouts) {
  TestServerConfig config;
  config.misbehaviour = Misbehaviour::kNeverAnswer;
  TestServer server(config);
  LoadOptions o = options_for(server);
  o.users = 3;
  o.run_time = Duration::milliseconds(300);
  o.timeout = Duration::milliseconds(700);  // longer than the run
  auto start = std::chrono::steady_clock::now();
  LoadReport r = run(o);
  // Each user sent one request and waited for it until its timeout.
  EXPECT_EQ(r.total.requests, 3u);
  EXPECT_EQ(r.total.failures, 3u);
  EXPECT_EQ(errors_of(r, ErrorKind::kTimeout), 3u);
  EXPECT_EQ(responses_of(r), 0u);
  EXPECT_EQ(r.sends.unfinished, 3u);
  EXPECT_GE(r.total.latency.min(), 300'000'000u);
  // The run waits for the requests' deadlines, no longer.
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
}

TEST(MisbehavingServer, OpenModelRequestsInFlightAtTheEndAreTimeouts) {
  TestServerConfig config;
  config.misbehaviour = Misbehaviour::kNeverAnswer;
  TestServer server(config);
  LoadOptions o = options_for(server);
  o.rate = RateSchedule::constant(20);
  o.connections = 4;
  o.max_connections = 64;
  o.run_time = Duration::milliseconds(500);
  o.timeout = Duration::seconds(1);
  LoadReport r = run(o);
  EXPECT_NEAR(static_cast<double>(r.sends.sends), 10, 1);
  EXPECT_EQ(r.total.requests, r.sends.sends);
  EXPECT_EQ(r.total.failures, r.total.requests);
  EXPECT_EQ(errors_of(r, ErrorKind::kTimeout), r.total.requests);
}

TEST(MisbehavingServer, AnswersArrivingAfterTheRunTimeAreCounted) {
  TestServerConfig config;
  config.delay = 200ms;
  TestServer server(config);
  LoadOptions o = options_for(server);
  o.users = 4;
  o.run_time = Duration::milliseconds(300);
  LoadReport r = run(o);
  // Four requests answered at 200 ms; the four sent then are answered at
  // about 400 ms, after the run time: counted, not failed.
  EXPECT_EQ(r.total.requests, 8u);
  EXPECT_EQ(r.total.failures, 0u);
  EXPECT_EQ(r.total.status_counts[200], 8u);
  EXPECT_EQ(r.sends.unfinished, 0u);
}

TEST(MisbehavingServer, ResetAfterTheRequestIsAFailure) {
  TestServerConfig config;
  config.misbehaviour = Misbehaviour::kResetAfterRequest;
  TestServer server(config);
  LoadOptions o = options_for(server);
  o.users = 2;
  o.request_count = 20;
  LoadReport r = run(o);
  EXPECT_EQ(r.total.requests, 20u);
  EXPECT_EQ(r.total.failures, 20u);
  EXPECT_EQ(errors_of(r, ErrorKind::kReset), 20u);
}

TEST(MisbehavingServer, ResetOnAcceptIsAResetNotAConnectError) {
  TestServerConfig config;
  config.misbehaviour = Misbehaviour::kResetOnAccept;
  TestServer server(config);
  LoadOptions o = options_for(server);
  o.users = 2;
  o.request_count = 50;
  LoadReport r = run(o);
  EXPECT_EQ(r.total.requests, 50u);
  EXPECT_EQ(r.total.failures, 50u);
  // The connection was made (the server accepted it), so this is a reset;
  // "could not connect" would send the user looking in the wrong place.
  EXPECT_EQ(errors_of(r, ErrorKind::kReset), 50u);
  EXPECT_EQ(errors_of(r, ErrorKind::kConnectError), 0u);
}

TEST(MisbehavingServer, MalformedResponsesAreBadResponses) {
  for (const char* raw : {"HTTP/1.1 999 Weird\r\nContent-Length: 0\r\n\r\n",
                          "HTTP/1.1 200 OK\r\nContent-Length: 18446744073709551617\r\n\r\nx"}) {
    TestServerConfig config;
    config.raw_response = raw;
    TestServer server(config);
    LoadOptions o = options_for(server);
    o.users = 2;
    o.request_count = 10;
    LoadReport r = run(o);
    EXPECT_EQ(r.total.requests, 10u) << raw;
    EXPECT_EQ(r.total.failures, 10u) << raw;
    EXPECT_EQ(errors_of(r, ErrorKind::kBadResponse), 10u) << raw;
    EXPECT_EQ(responses_of(r), 0u) << raw;
  }
}

TEST(MisbehavingServer, BytesBeyondTheResponseCloseTheConnection) {
  // Content-Length says 1 and "hello" follows: the response ends after "h",
  // and the rest cannot belong to any request, so the connection is not
  // reused (the next response would be read from the leftover bytes).
  TestServerConfig config;
  config.raw_response = "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nhello";
  TestServer server(config);
  LoadOptions o = options_for(server);
  o.users = 1;
  o.request_count = 10;
  LoadReport r = run(o);
  EXPECT_EQ(r.total.requests, 10u);
  EXPECT_EQ(r.total.status_counts[200], 10u);
  EXPECT_EQ(r.total.body_bytes, 10u);
  EXPECT_EQ(server.connections_accepted(), 10u);
}

}  // namespace
}  // namespace stackplan::load
