// `stackplan explain` and `stackplan init` as a user runs them: the figures
// on stdout, exit status 2 with the file:line:column on bad input, init's
// templates byte for byte, and no overwrite without --force.
#include <gtest/gtest.h>

#include <string>

#include "support/files.h"
#include "support/process.h"

namespace stackplan {
namespace {

using test::run_command;
using test::source_path;

std::string stackplan(const std::string& args, bool with_stderr = true) {
  return test::stackplan_binary() + " " + args + (with_stderr ? "" : " 2>/dev/null");
}

TEST(ExplainCli, ExplainsTheFlashSaleInItsOwnFigures) {
  auto r = run_command(stackplan("explain " + source_path("examples/flash-sale-async.yaml")));
  ASSERT_EQ(r.exit_status, 0) << r.output;
  EXPECT_NE(r.output.find("payment (the bottleneck): 1.67 orders/s, 2,927% utilised\n    (5 slots "
                          "/ 3.00s service time x 1 process)"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("(the bottleneck): "), std::string::npos);
  EXPECT_NE(r.output.find("The backlog grows by 47.1 orders/s"), std::string::npos);
  EXPECT_NE(r.output.find("stackplan simulate "), std::string::npos);
  for (size_t start = 0, end; start < r.output.size(); start = end + 1) {
    end = r.output.find('\n', start);
    if (end == std::string::npos) end = r.output.size();
    EXPECT_LE(end - start, 100u) << r.output.substr(start, end - start);
  }
}

TEST(ExplainCli, WithoutAFileExplainsTheBuiltInScenario) {
  auto r = run_command(stackplan("explain --json"));
  ASSERT_EQ(r.exit_status, 0) << r.output;
  EXPECT_NE(r.output.find("\"bottleneck\": \"payment\""), std::string::npos) << r.output;
}

TEST(ExplainCli, BadScenarioIsExitTwoWithTheLocation) {
  test::TempDir dir;
  std::string path = dir.path() + "/bad.yaml";
  test::write_file(path, "traffic:\n  rate: 48\narchitecture: { kind: async }\n");
  auto r = run_command(stackplan("explain " + path));
  EXPECT_EQ(r.exit_status, 2) << r.output;
  EXPECT_NE(r.output.find("bad.yaml:2:"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("traffic.rate"), std::string::npos) << r.output;
  EXPECT_EQ(run_command(stackplan("explain " + dir.path() + "/missing.yaml")).exit_status, 2);
}

TEST(InitCli, PrintsEachTemplateAsInTheRepository) {
  for (std::string name : {"flash-sale", "saas", "scan"}) {
    auto r = run_command(stackplan("init --template " + name, false), false);
    ASSERT_EQ(r.exit_status, 0) << name;
    EXPECT_EQ(r.output, test::read_file(source_path("templates/" + name + ".yaml"))) << name;
  }
  auto r = run_command(stackplan("init", false), false);
  EXPECT_EQ(r.output, test::read_file(source_path("templates/flash-sale.yaml")));
}

TEST(InitCli, WritesAFileAndRefusesToOverwriteItWithoutForce) {
  test::TempDir dir;
  std::string path = dir.path() + "/s.yaml";
  ASSERT_EQ(run_command(stackplan("init -t scan -o " + path)).exit_status, 0);
  EXPECT_EQ(test::read_file(path), test::read_file(source_path("templates/scan.yaml")));
  auto again = run_command(stackplan("init -t saas -o " + path));
  EXPECT_EQ(again.exit_status, 2);
  EXPECT_NE(again.output.find("already exists"), std::string::npos) << again.output;
  EXPECT_EQ(test::read_file(path), test::read_file(source_path("templates/scan.yaml")));
  ASSERT_EQ(run_command(stackplan("init -t saas --force -o " + path)).exit_status, 0);
  EXPECT_EQ(test::read_file(path), test::read_file(source_path("templates/saas.yaml")));
  // What init writes, explain reads.
  EXPECT_EQ(run_command(stackplan("explain " + path)).exit_status, 0);
}

TEST(InitCli, UnknownTemplateListsTheTemplates) {
  auto r = run_command(stackplan("init --template shop"));
  EXPECT_EQ(r.exit_status, 2);
  EXPECT_NE(r.output.find("unknown template \"shop\"; expected one of: flash-sale, saas, scan"),
            std::string::npos)
      << r.output;
}

}  // namespace
}  // namespace stackplan
