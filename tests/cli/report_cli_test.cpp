// `stackplan report` and the commands' `--html`, run as a user would: the
// files they write, and the exit status and message for what they refuse.
#include <gtest/gtest.h>

#include <string>

#include "support/files.h"
#include "support/process.h"

namespace stackplan {
namespace {

// Runs `stackplan ARGS`; stdout and stderr together.
test::CommandResult run_cli(const std::string& args) {
  return test::run_command(test::stackplan_binary() + " " + args);
}

std::string example(const std::string& name) { return test::source_path("examples/" + name); }

TEST(ReportCli, EachCommandWritesAPageWithItsCharts) {
  const test::TempDir dir;
  ASSERT_EQ(run_cli("simulate " + example("flash-sale-async.yaml") + " --html " +
                    dir.file("sim.html") + " > /dev/null")
                .exit_status,
            0);
  ASSERT_EQ(run_cli("cost " + example("cost/flash-sale-lambda.yaml") + " --html " +
                    dir.file("cost.html") + " > /dev/null")
                .exit_status,
            0);
  const std::string sim = test::read_file(dir.file("sim.html"));
  EXPECT_EQ(sim.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(sim.find("\"id\":\"sim-queue-1\""), std::string::npos);
  const std::string cost = test::read_file(dir.file("cost.html"));
  EXPECT_NE(cost.find("\"id\":\"cost-break-even-1\""), std::string::npos);
}

TEST(ReportCli, JoinsSavedResultsAsHtmlOrMarkdown) {
  const test::TempDir dir;
  const std::string sim = dir.file("sim.json"), bill = dir.file("bill.json");
  ASSERT_EQ(
      run_cli("simulate " + example("flash-sale-async.yaml") + " --json " + sim + " > /dev/null")
          .exit_status,
      0);
  ASSERT_EQ(
      run_cli("cost " + example("cost/platform-comparison.yaml") + " --format json -o " + bill)
          .exit_status,
      0);
  auto html = run_cli("report " + sim + " " + bill + " -o " + dir.file("r.html"));
  EXPECT_EQ(html.exit_status, 0) << html.output;
  const std::string page = test::read_file(dir.file("r.html"));
  EXPECT_LT(page.find("Simulation: flash-sale-async"), page.find("Cost: platform-comparison"));
  auto md = run_cli("report " + sim + " " + bill + " --format markdown");
  EXPECT_EQ(md.exit_status, 0);
  EXPECT_NE(md.output.find("## Simulation: flash-sale-async"), std::string::npos) << md.output;
  EXPECT_NE(md.output.find("| platform | region | total per month |"), std::string::npos);
}

TEST(ReportCli, RefusesWhatItCannotShowNamingTheFile) {
  const test::TempDir dir;
  const std::string other = dir.write("other.json", R"({"samples": []})");
  auto unknown = run_cli("report " + other);
  EXPECT_EQ(unknown.exit_status, 2);
  EXPECT_NE(unknown.output.find(other + ": not an output this report can show"), std::string::npos)
      << unknown.output;
  const std::string text = dir.write("table.txt", "Type Name\n");
  auto not_json = run_cli("report " + text);
  EXPECT_EQ(not_json.exit_status, 2);
  EXPECT_NE(not_json.output.find(text + ": not JSON"), std::string::npos) << not_json.output;
  auto format = run_cli("report " + other + " --format pdf");
  EXPECT_EQ(format.exit_status, 2);
  EXPECT_NE(format.output.find("expected html or markdown"), std::string::npos);
}

TEST(ReportCli, AnUnwritableHtmlFileExitsWith2) {
  const test::TempDir dir;
  auto out = run_cli("simulate " + example("flash-sale-async.yaml") + " --html " +
                     dir.file("missing/dir/sim.html") + " > /dev/null");
  EXPECT_EQ(out.exit_status, 2);
  EXPECT_NE(out.output.find("cannot write file"), std::string::npos) << out.output;
}

}  // namespace
}  // namespace stackplan
