// Output files and the catalog's location, as a user meets them: one
// message format for a file that cannot be written, whatever the command, and
// the catalog found by flag or environment from any directory.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "support/files.h"
#include "support/process.h"

namespace stackplan {
namespace {

namespace fs = std::filesystem;

struct Outcome {
  int status = -1;  // the exit status; -1 when killed by a signal
  std::string stdout_text, stderr_text;
};

// Runs `stackplan ARGS` from a directory of its own, with ENV before it
// ("NAME=value ..."), capturing both streams apart.
Outcome run_cli(const std::string& args, const std::string& env = "") {
  const test::TempDir dir("stackplan-cli");
  const std::string err = dir.file("stderr.txt");
  const auto run = test::run_command("cd " + dir.path() + " && env -u STACKPLAN_CATALOG " + env +
                                         " " + test::stackplan_binary() + " " + args + " 2> " + err,
                                     /*capture_stderr=*/false);
  return {run.exit_status, run.output, test::read_file(err)};
}

using test::source_path;

const std::string kMissingDir = "/nonexistent-stackplan-dir/out.txt";

TEST(OutputFileCli, CostWritesTheSameBytesItPrints) {
  const test::TempDir dir;
  const std::string file = dir.file("cost_out.json");
  const std::string args =
      "cost " + source_path("examples/cost/flash-sale-lambda.yaml") + " --format json";
  Outcome printed = run_cli(args);
  ASSERT_EQ(printed.status, 0) << printed.stderr_text;
  Outcome written = run_cli(args + " -o " + file);
  ASSERT_EQ(written.status, 0) << written.stderr_text;
  EXPECT_EQ(written.stdout_text, "");
  EXPECT_EQ(test::read_file(file), printed.stdout_text);
}

TEST(OutputFileCli, EveryCommandNamesTheFileItCannotWrite) {
  const std::string reason = ": cannot write file (No such file or directory)\n";
  Outcome cost =
      run_cli("cost " + source_path("examples/cost/flash-sale-lambda.yaml") + " -o " + kMissingDir);
  EXPECT_EQ(cost.status, 2);
  EXPECT_EQ(cost.stderr_text, kMissingDir + reason);

  Outcome simulate = run_cli("simulate " + source_path("examples/flash-sale-sync-normal.yaml") +
                             " --json " + kMissingDir);
  EXPECT_EQ(simulate.status, 2);
  EXPECT_EQ(simulate.stderr_text, "stackplan simulate: " + kMissingDir + reason);

  // Nothing listens on port 1 of the loopback: the run is quick, and the
  // files are written before the verdict.
  Outcome load = run_cli("load http://127.0.0.1:1/ -n 1 -q --json " + kMissingDir);
  EXPECT_EQ(load.status, 2);
  EXPECT_EQ(load.stderr_text, "stackplan load: " + kMissingDir + reason);
}

TEST(OutputFileCli, ADirectoryIsNotReplaced) {
  const test::TempDir scratch;
  const std::string& dir = scratch.path();
  Outcome simulate = run_cli("simulate " + source_path("examples/flash-sale-sync-normal.yaml") +
                             " --timeseries " + dir);
  EXPECT_EQ(simulate.status, 2);
  EXPECT_EQ(simulate.stderr_text,
            "stackplan simulate: " + dir + ": is a directory, expected a file\n");
  EXPECT_TRUE(fs::is_directory(dir));
}

TEST(CatalogCli, FoundThroughTheEnvironmentFromAnyDirectory) {
  Outcome out = run_cli("catalog list", "STACKPLAN_CATALOG=" + source_path("catalog"));
  ASSERT_EQ(out.status, 0) << out.stderr_text;
  EXPECT_NE(out.stdout_text.find(source_path("catalog/aws.yaml")), std::string::npos)
      << out.stdout_text;
}

TEST(CatalogCli, FlagComesBeforeTheEnvironment) {
  Outcome out = run_cli("cost " + source_path("examples/cost/flash-sale-lambda.yaml") +
                            " --catalog /nonexistent-catalog",
                        "STACKPLAN_CATALOG=" + source_path("catalog"));
  EXPECT_EQ(out.status, 2);
  EXPECT_EQ(out.stderr_text,
            "/nonexistent-catalog: catalog directory not found (use --catalog DIR)\n");
}

TEST(CatalogCli, AMissingEnvironmentDirectoryIsNamed) {
  Outcome out = run_cli("catalog check", "STACKPLAN_CATALOG=/nonexistent-catalog");
  EXPECT_EQ(out.status, 2);
  EXPECT_EQ(out.stderr_text,
            "/nonexistent-catalog: catalog directory not found (use --catalog DIR)\n");
}

TEST(CatalogCli, HelpNamesTheFlagAndTheVariable) {
  Outcome out = run_cli("cost --help");
  EXPECT_EQ(out.status, 0);
  EXPECT_NE(out.stdout_text.find("--catalog"), std::string::npos);
  EXPECT_NE(out.stdout_text.find("STACKPLAN_CATALOG"), std::string::npos);
}

}  // namespace
}  // namespace stackplan
