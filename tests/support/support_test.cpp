// The test-support library's own promises: parse-or-fail stops a test with
// the parser's message, temporary directories vanish, the loopback helpers
// talk to each other and never wait past their timeout.
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "support/files.h"
#include "support/http_client.h"
#include "support/http_test_server.h"
#include "support/loopback.h"
#include "support/must.h"
#include "support/process.h"

namespace stackplan::test {
namespace {

using namespace std::chrono_literals;

Result<int> parsed(bool ok) {
  if (ok) return 42;
  return Error("scenario.yaml:3:5: traffic.users: expected a number");
}

TEST(Must, GivesTheValue) { EXPECT_EQ(must(parsed(true)), 42); }

TEST(Must, FailsWithTheParsersMessageAndStopsTheTest) {
  static bool carried_on;  // EXPECT_NONFATAL_FAILURE's statement sees no locals
  carried_on = false;
  EXPECT_NONFATAL_FAILURE(
      {
        try {
          must(parsed(false));
          carried_on = true;
        } catch (const TestStopped&) {
        }
      },
      "scenario.yaml:3:5: traffic.users: expected a number");
  EXPECT_FALSE(carried_on);
}

TEST(ErrorOf, GivesTheMessageOfAFailure) {
  EXPECT_EQ(error_of(parsed(false)), "scenario.yaml:3:5: traffic.users: expected a number");
  EXPECT_NONFATAL_FAILURE(error_of(parsed(true)), "expected an error");
}

TEST(TempDir, IsRemovedWithItsFiles) {
  std::string path;
  {
    TempDir dir;
    path = dir.path();
    EXPECT_EQ(read_file(dir.write("a.txt", "hello")), "hello");
  }
  EXPECT_FALSE(std::filesystem::exists(path));
}

TEST(SourceDir, FindsTheRepository) {
  EXPECT_TRUE(std::filesystem::exists(source_path("CMakeLists.txt"))) << source_dir();
}

TEST(Loopback, ConnectsSendsAndReceives) {
  uint16_t port = 0;
  Socket listener = bind_loopback(port, 1);
  ASSERT_NE(port, 0);
  Socket client = connect_loopback(port);
  ASSERT_TRUE(client.valid());
  Socket server = accept_connection(listener);
  ASSERT_TRUE(send_all(client.fd(), "ping"));
  EXPECT_EQ(receive_until(server.fd(), 5s, [](const std::string& r) { return r.size() >= 4; }),
            "ping");
}

TEST(Loopback, ReceiveStopsAtTheTimeout) {
  uint16_t port = 0;
  Socket listener = bind_loopback(port, 1);
  Socket client = connect_loopback(port);
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(receive_until(client.fd(), 100ms, [](const std::string&) { return false; }), "");
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
}

TEST(Loopback, NothingListensOnAnUnusedPort) {
  EXPECT_FALSE(connect_loopback(unused_port()).valid());
}

TEST(HttpTestServer, AnswersTheClient) {
  TestServerConfig config;
  config.body = "hi";
  TestServer server(config);
  HttpResult r = http(server.port(), "GET", "/");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "hi");
  EXPECT_EQ(server.requests_received(), 1u);
}

TEST(RunCommand, GivesTheExitStatusAndTheOutput) {
  CommandResult r = run_command("echo out; echo err >&2; exit 3");
  EXPECT_EQ(r.exit_status, 3);
  EXPECT_EQ(r.output, "out\nerr\n");
}

TEST(Eventually, ReturnsOnceThePredicateHolds) {
  int calls = 0;
  EXPECT_TRUE(eventually([&] { return ++calls == 3; }, 5s));
  EXPECT_EQ(calls, 3);
  EXPECT_FALSE(eventually([] { return false; }, 50ms));
}

}  // namespace
}  // namespace stackplan::test
