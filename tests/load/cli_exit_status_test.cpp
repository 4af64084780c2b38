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
