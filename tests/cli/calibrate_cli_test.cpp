// `stackplan calibrate`'s refusals, run as a user would: each is a clear
// error (exit 2) before anything is fitted.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "support/files.h"
#include "support/http_test_server.h"
#include "support/loopback.h"
#include "support/process.h"

namespace stackplan::test {
namespace {

std::string sync_scenario(const std::string& duration) {
  return "name: shop\ntraffic:\n  users: 5\n  spawn_rate: 5/s\n  wait: uniform(10ms, 20ms)\n"
         "  duration: " +
         duration +
         "\narchitecture:\n  kind: sync\n"
         "  dependency: { name: payment, slots: 5, service_time: 300ms }\n";
}

CommandResult calibrate(const std::string& args) {
  return run_command(stackplan_binary() + " calibrate " + args + " -q");
}

TEST(CalibrateCli, AnUnreachableServiceIsRefusedBeforeAnyTraffic) {
  TempDir dir;
  const std::string file = dir.write("shop.yaml", sync_scenario("2s"));
  const std::string url = "http://127.0.0.1:" + std::to_string(unused_port());
  auto r = calibrate(file + " --url " + url);
  EXPECT_EQ(r.exit_status, 2) << r.output;
  EXPECT_NE(r.output.find("cannot connect to 127.0.0.1:"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("is the service running"), std::string::npos) << r.output;
  // Refused before the run: no request was counted as failed.
  EXPECT_EQ(r.output.find("requests failed"), std::string::npos) << r.output;
}

TEST(CalibrateCli, AServiceThatOnlyAnswersErrorsIsNotFitted) {
  TempDir dir;
  TestServerConfig config;
  config.status = 500;
  TestServer server(config);
  const std::string file = dir.write("shop.yaml", sync_scenario("1s"));
  auto r = calibrate(file + " --url " + server.url() + " --write " + dir.file("fitted.yaml"));
  EXPECT_EQ(r.exit_status, 2) << r.output;
  EXPECT_NE(r.output.find("with a 2xx status"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("HTTP 500 x"), std::string::npos) << r.output;
  EXPECT_FALSE(std::filesystem::exists(dir.file("fitted.yaml")));
}

TEST(CalibrateCli, AMonthOfTrafficIsRefusedNamingTheField) {
  TempDir dir;
  TestServer server(TestServerConfig{});
  const std::string file = dir.write("shop.yaml", sync_scenario("30d"));
  auto r = calibrate(file + " --url " + server.url());
  EXPECT_EQ(r.exit_status, 2) << r.output;
  EXPECT_NE(r.output.find("traffic.duration"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("calibrate on a shorter window"), std::string::npos) << r.output;
  EXPECT_EQ(server.requests_received(), 0u);
}

TEST(CalibrateCli, AMeasuredRunThatIsNotALoadRunNamesTheFile) {
  TempDir dir;
  const std::string file = dir.write("shop.yaml", sync_scenario("2s"));
  const std::string run = dir.write("run.json", R"({"requests": 10, "failures": 11})");
  auto r = calibrate(file + " --measured " + run);
  EXPECT_EQ(r.exit_status, 2) << r.output;
  EXPECT_NE(r.output.find(run + ": "), std::string::npos) << r.output;
}

TEST(CalibrateCli, FlagsThatDoNotGoTogether) {
  TempDir dir;
  const std::string file = dir.write("shop.yaml", sync_scenario("2s"));
  auto neither = calibrate(file);
  EXPECT_EQ(neither.exit_status, 2);
  EXPECT_NE(neither.output.find("give either --url"), std::string::npos) << neither.output;
  auto save = calibrate(file + " --url http://127.0.0.1:1 --save-metrics m.json");
  EXPECT_EQ(save.exit_status, 2);
  EXPECT_NE(save.output.find("--save-metrics needs --metrics"), std::string::npos) << save.output;
}

}  // namespace
}  // namespace stackplan::test
