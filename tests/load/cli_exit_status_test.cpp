// `stackplan load` exit statuses, for CI gates: 0 when every threshold holds,
// 1 when one fails, 2 on usage errors or when the target cannot be reached.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <string>

#include "test_server.h"

namespace stackplan::load {
namespace {

using namespace std::chrono_literals;

int run_cli(const std::string& args) {
  std::string command = std::string(STACKPLAN_BINARY) + " load -q " + args + " > /dev/null 2>&1";
  int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(LoadCli, ThresholdsSetTheExitStatus) {
  testing::TestServerConfig config;
  config.delay = 5ms;
  testing::TestServer server(config);
  std::string base = "-t1 -c2 -n 40 " + server.url() + " ";
  EXPECT_EQ(run_cli(base + "--threshold 'p95<5s' --threshold 'failures<1%'"), 0);
  EXPECT_EQ(run_cli(base + "--threshold 'p95<1ms'"), 1);
  EXPECT_EQ(run_cli(base + "--threshold 'p95<5s' --threshold 'rps>1000000'"), 1);
}

TEST(LoadCli, UsageAndConnectionErrorsExitWith2) {
  EXPECT_EQ(run_cli("-n 5 http://127.0.0.1:" + std::to_string(testing::unused_port()) + "/"), 2);
  EXPECT_EQ(run_cli("-n 5 --threshold 'p95<' http://127.0.0.1:1/"), 2);
  EXPECT_EQ(run_cli("http://127.0.0.1:1/"), 2);  // no run time, no count
  EXPECT_EQ(run_cli("-n 5 --no-such-flag http://127.0.0.1:1/"), 2);
}

// Runs the CLI and returns its exit status and what it printed (both streams).
int run_cli_capturing(const std::string& args, std::string& output) {
  std::string file = ::testing::TempDir() + "/load_cli_output.txt";
  std::string command = std::string(STACKPLAN_BINARY) + " load -q " + args + " > " + file + " 2>&1";
  int status = std::system(command.c_str());
  output.clear();
  if (FILE* f = std::fopen(file.c_str(), "r")) {
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) output.append(buf, n);
    std::fclose(f);
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(LoadCli, ServerThatNeverAnswersFailsTheRun) {
  testing::TestServerConfig config;
  config.misbehaviour = testing::TestServerConfig::Misbehaviour::kNeverAnswer;
  testing::TestServer server(config);
  std::string output;
  int status = run_cli_capturing("-t1 -c2 -d 300ms --timeout 600ms " + server.url() +
                                     " --threshold 'p95<200ms' --threshold 'failures<1%'",
                                 output);
  EXPECT_EQ(status, 2) << output;
  EXPECT_NE(output.find("timeout=2"), std::string::npos) << output;
  EXPECT_NE(output.find("no HTTP response"), std::string::npos) << output;
  EXPECT_EQ(output.find("ok     p95"), std::string::npos) << output;
  // Without thresholds too: a run in which nothing answered is not a success.
  EXPECT_EQ(run_cli("-t1 -c2 -d 300ms --timeout 600ms " + server.url()), 2);
}

TEST(LoadCli, ServerThatResetsEveryConnectionFailsTheRun) {
  using Misbehaviour = testing::TestServerConfig::Misbehaviour;
  for (Misbehaviour how : {Misbehaviour::kResetOnAccept, Misbehaviour::kResetAfterRequest}) {
    testing::TestServerConfig config;
    config.misbehaviour = how;
    testing::TestServer server(config);
    std::string output;
    EXPECT_EQ(run_cli_capturing("-t1 -c2 -n 20 " + server.url(), output), 2) << output;
    EXPECT_NE(output.find("reset=20"), std::string::npos) << output;
    EXPECT_NE(output.find("no HTTP response"), std::string::npos) << output;
  }
}

TEST(LoadCli, RepeatableFlagsTakeOneValueEach) {
  // A --threshold or -H placed before the URL used to swallow it as a second
  // value, and the run failed with "give a URL to load".
  testing::TestServer server({});
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
  testing::TestServer server({});
  std::string json = ::testing::TempDir() + "/load.json";
  ASSERT_EQ(run_cli("-t1 -c2 -n 20 --json " + json + " " + server.url()), 0);
  FILE* f = std::fopen(json.c_str(), "r");
  ASSERT_NE(f, nullptr);
  char buf[4096] = {0};
  size_t n = std::fread(buf, 1, sizeof buf - 1, f);
  std::fclose(f);
  std::string text(buf, n);
  for (const char* key :
       {"\"requests\": 20", "\"latency_ms\"", "\"p999\"", "\"endpoints\"", "\"rps\""})
    EXPECT_NE(text.find(key), std::string::npos) << key;
}

}  // namespace
}  // namespace stackplan::load
