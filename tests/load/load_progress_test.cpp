// `stackplan load`'s progress line: done of the run time, rate and ETA, on a
// terminal only (`script` gives the run one), never with --quiet.
#include <gtest/gtest.h>

#include <string>

#include "support/http_test_server.h"
#include "support/process.h"

namespace stackplan::load {
namespace {

using namespace std::chrono_literals;

// Both streams of `stackplan load ARGS`, through a pseudo-terminal when asked.
std::string run_load(const std::string& args, bool on_terminal) {
  const std::string command = test::stackplan_binary() + " load " + args;
  if (!on_terminal) return test::run_command(command + " 2>&1").output;
  return test::run_command("script -qfec '" + command + "' /dev/null").output;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(LoadProgress, DoneRateAndEtaOnATerminalOnly) {
  test::TestServerConfig config;
  config.delay = 2ms;
  test::TestServer server(config);
  const std::string base = "-t1 -c2 " + server.url() + " ";

  const std::string terminal = run_load(base + "-d 3s", true);
  EXPECT_TRUE(contains(terminal, "s of 3s (")) << terminal;
  EXPECT_TRUE(contains(terminal, " req/s, ETA ")) << terminal;
  EXPECT_TRUE(contains(terminal, "Aggregated")) << terminal;

  const std::string quiet = run_load(base + "-d 2s -q", true);
  EXPECT_TRUE(contains(quiet, "Aggregated")) << quiet;
  EXPECT_FALSE(contains(quiet, " req/s, ETA ")) << quiet;
  EXPECT_FALSE(contains(quiet, "s of 2s (")) << quiet;

  const std::string piped = run_load(base + "-d 2s", false);
  EXPECT_TRUE(contains(piped, "Aggregated")) << piped;
  EXPECT_FALSE(contains(piped, "s of 2s (")) << piped;
}

}  // namespace
}  // namespace stackplan::load
