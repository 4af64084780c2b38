// `stackplan load` exit statuses, for CI gates: 0 when every threshold holds,
// 1 when one fails, 2 on usage errors or when the target cannot be reached.
#include <gtest/gtest.h>

#include <string>

#include "support/files.h"
#include "support/http_test_server.h"
#include "support/process.h"

namespace stackplan::load {
namespace {

using namespace std::chrono_literals;

// Runs `stackplan load -q` and returns its exit status; the output is kept
// in `output` when asked for (both streams).
int run_cli(const std::string& args, std::string* output = nullptr) {
  test::CommandResult result = test::run_command(test::stackplan_binary() + " load -q " + args);
  if (output) *output = result.output;
  return result.exit_status;
}

TEST(LoadCli, ThresholdsSetTheExitStatus) {
  test::TestServerConfig config;
  config.delay = 5ms;
  test::TestServer server(config);
  std::string base = "-t1 -c2 -n 40 " + server.url() + " ";
  EXPECT_EQ(run_cli(base + "--threshold 'p95<5s' --threshold 'failures<1%'"), 0);
  EXPECT_EQ(run_cli(base + "--threshold 'p95<1ms'"), 1);
  EXPECT_EQ(run_cli(base + "--threshold 'p95<5s' --threshold 'rps>1000000'"), 1);
}

TEST(LoadCli, UsageAndConnectionErrorsExitWith2) {
  EXPECT_EQ(run_cli("-n 5 http://127.0.0.1:" + std::to_string(test::unused_port()) + "/"), 2);
  EXPECT_EQ(run_cli("-n 5 --threshold 'p95<' http://127.0.0.1:1/"), 2);
  EXPECT_EQ(run_cli("http://127.0.0.1:1/"), 2);  // no run time, no count
  EXPECT_EQ(run_cli("-n 5 --no-such-flag http://127.0.0.1:1/"), 2);
}

TEST(LoadCli, ServerThatNeverAnswersFailsTheRun) {
  test::TestServerConfig config;
  config.misbehaviour = test::TestServerConfig::Misbehaviour::kNeverAnswer;
  test::TestServer server(config);
  std::string output;
  int status = run_cli("-t1 -c2 -d 300ms --timeout 600ms " + server.url() +
                           " --threshold 'p95<200ms' --threshold 'failures<1%'",
                       &output);
  EXPECT_EQ(status, 2) << output;
  EXPECT_NE(output.find("timeout=2"), std::string::npos) << output;
  EXPECT_NE(output.find("no HTTP response"), std::string::npos) << output;
  EXPECT_EQ(output.find("ok     p95"), std::string::npos) << output;
  // Without thresholds too: a run in which nothing answered is not a success.
  EXPECT_EQ(run_cli("-t1 -c2 -d 300ms --timeout 600ms " + server.url()), 2);
}

TEST(LoadCli, ServerThatResetsEveryConnectionFailsTheRun) {
  using Misbehaviour = test::TestServerConfig::Misbehaviour;
  for (Misbehaviour how : {Misbehaviour::kResetOnAccept, Misbehaviour::kResetAfterRequest}) {
    test::TestServerConfig config;
    config.misbehaviour = how;
    test::TestServer server(config);
    std::string output;
    EXPECT_EQ(run_cli("-t1 -c2 -n 20 " + server.url(), &output), 2) << output;
    EXPECT_NE(output.find("reset=20"), std::string::npos) << output;
    EXPECT_NE(output.find("no HTTP response"), std::string::npos) << output;
  }
}

TEST(LoadCli, RepeatableFlagsTakeOneValueEach) {
  // A --threshold or -H placed before the URL used to swallow it as a second
  // value, and the run failed with "give a URL to load".
  test::TestServer server({});
  std::string base = "-t1 -c2 -n 20 ";
  EXPECT_EQ(run_cli(base + "--threshold 'p95<5s' " + server.url()), 0);
  EXPECT_EQ(run_cli(base + "--threshold 'p95<5s' --threshold 'failures<1%' " + server.url()), 0);
  EXPECT_EQ(run_cli(base + "-H 'X-Test: 1' -H 'X-Other: 2' " + server.url()), 0);
  EXPECT_EQ(run_cli(base + "--header 'X-Test: 1' " + server.url() + " --threshold 'p95<5s'"), 0);
  // Every occurrence still counts: the second threshold fails the run.
  EXPECT_EQ(run_cli(base + "--threshold 'p95<5s' --threshold 'p95<1us' " + server.url()), 1);
  // Two values after one flag: the second is taken for the URL and rejected.
  EXPECT_EQ(run_cli(base + "--threshold 'p95<5s' 'failures<1%' " + server.url()), 2);
}

TEST(LoadCli, WritesJson) {
  test::TestServer server({});
  test::TempDir dir;
  std::string json = dir.file("load.json");
  ASSERT_EQ(run_cli("-t1 -c2 -n 20 --json " + json + " " + server.url()), 0);
  std::string text = test::read_file(json);
  for (const char* key :
       {"\"requests\": 20", "\"latency_ms\"", "\"p999\"", "\"endpoints\"", "\"rps\""})
    EXPECT_NE(text.find(key), std::string::npos) << key;
}

}  // namespace
}  // namespace stackplan::load
