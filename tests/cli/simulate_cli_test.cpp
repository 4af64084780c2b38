// `stackplan` as a user runs it: exit status 0 (ok), 1 (a target missed),
// 2 (bad input or usage), never an abort, and the message on stderr.
#include <gtest/gtest.h>

#include <string>

#include "support/files.h"
#include "support/process.h"

namespace stackplan {
namespace {

struct Outcome {
  int status = -1;  // the exit status; -1 when killed by a signal
  std::string stderr_text;
};

// Runs `stackplan ARGS`; only the error stream is kept.
Outcome run_cli(const std::string& args) {
  const auto run = test::run_command(test::stackplan_binary() + " " + args + " > /dev/null");
  return {run.exit_status, run.output};
}

std::string example(const std::string& name) { return test::source_path("examples/" + name); }

// The sync flash sale misses its 3.1 s accept_p95 by far with every random seed
// (about 12 s): replications must not hide it.
TEST(SimulateCli, ReplicationsWithAMissedTargetExitWith1) {
  auto flash = example("flash-sale-sync.yaml");
  EXPECT_EQ(run_cli("simulate " + flash + " --replications 3 --check-targets").status, 1);
  EXPECT_EQ(run_cli("simulate " + flash + " --replications 3").status, 0);
  EXPECT_EQ(run_cli("simulate " + flash + " --check-targets").status, 1);
}

TEST(SimulateCli, ReplicationsWithTargetsMetExitWith0) {
  const test::TempDir dir;
  auto path = dir.write("met.yaml",
                        "traffic: { rate: 5/s, duration: 20s }\n"
                        "architecture: { kind: sync, api: { processes: 2 },"
                        " dependency: { slots: 5, service_time: 100ms } }\n"
                        "targets: { accept_p95: 1s }\n");
  EXPECT_EQ(run_cli("simulate " + path + " --replications 3 --check-targets").status, 0);
}

TEST(SimulateCli, AnUnknownSubcommandIsNamedAndTheValidOnesListed) {
  auto out = run_cli("frobnicate");
  EXPECT_EQ(out.status, 2);
  EXPECT_NE(out.stderr_text.find("unknown subcommand \"frobnicate\""), std::string::npos)
      << out.stderr_text;
  for (const char* name : {"simulate", "cost", "catalog", "load"})
    EXPECT_NE(out.stderr_text.find(name), std::string::npos) << name;
  EXPECT_EQ(out.stderr_text.find("A subcommand is required"), std::string::npos);
}

TEST(SimulateCli, NoSubcommandStillSaysOneIsRequired) {
  auto out = run_cli("");
  EXPECT_EQ(out.status, 2);
  EXPECT_NE(out.stderr_text.find("subcommand"), std::string::npos) << out.stderr_text;
}

TEST(SimulateCli, MalformedShapesAreUsageErrorsNotAborts) {
  const test::TempDir dir;
  auto path = dir.write("bad-key.yaml",
                        "traffic: { users: 1, duration: 1s }\n"
                        "architecture: { kind: async, queue: { {}: 1 },"
                        " dependency: { slots: 1 } }\n");
  auto out = run_cli("simulate " + path);
  EXPECT_EQ(out.status, 2);
  EXPECT_NE(out.stderr_text.find("a field name must be a single word"), std::string::npos)
      << out.stderr_text;
  EXPECT_EQ(run_cli("simulate " + dir.path()).status, 2);
}

// A name is the user's bytes: one that is not UTF-8 is written to the JSON
// with U+FFFD in place of the bad byte, not an abort of the JSON writer.
TEST(SimulateCli, ANameThatIsNotUtf8IsWrittenToJsonNotAnAbort) {
  const test::TempDir dir;
  auto path = dir.write("bad-bytes.yaml",
                        "name: caf\xe9\n"
                        "traffic: { rate: 5/s, duration: 5s }\n"
                        "architecture: { kind: sync, dependency: { slots: 5, service_time: "
                        "100ms } }\n");
  const std::string json = dir.file("bad-bytes.json");
  EXPECT_EQ(run_cli("simulate " + path + " --json " + json).status, 0);
  const std::string text = test::read_file(json);
  EXPECT_NE(text.find("caf\xef\xbf\xbd"), std::string::npos) << text.substr(0, 400);
}

}  // namespace
}  // namespace stackplan

namespace stackplan {
namespace {

// --set changes a field for one run: two worker processes drain the flash
// sale's backlog in half the time of the file's one, as the file with 2
// written in it does; explain's next step carries the override along.
TEST(SimulateCli, SetOverridesAFieldForOneRun) {
  const test::TempDir dir;
  const std::string flash = test::source_path("examples/flash-sale-async.yaml");
  auto drain_of = [&](const std::string& args) {
    const std::string json = dir.file("out.json");
    auto run = test::run_command(test::stackplan_binary() + " simulate " + args + " --json " +
                                 json + " > /dev/null");
    EXPECT_EQ(run.exit_status, 0) << run.output;
    const std::string text = test::read_file(json);
    const auto at = text.find("\"drain_seconds\": ");
    EXPECT_NE(at, std::string::npos) << text;
    return std::stod(text.substr(at + 17));
  };
  const double one = drain_of(flash);
  const double two = drain_of(flash + " --set workers.processes=2");
  EXPECT_NEAR(two, one / 2, one * 0.05);
  std::string written = test::read_file(flash);
  const auto at = written.find("processes: 1");
  ASSERT_NE(at, std::string::npos);
  written.replace(at, 12, "processes: 2");
  EXPECT_EQ(two, drain_of(dir.write("two.yaml", written)));

  auto explained = test::run_command(test::stackplan_binary() + " explain " + flash +
                                     " --set workers.processes=2");
  EXPECT_EQ(explained.exit_status, 0) << explained.output;
  EXPECT_NE(explained.output.find("--set 'workers.processes=2'"), std::string::npos)
      << explained.output;

  auto misspelt = test::run_command(test::stackplan_binary() + " simulate " + flash +
                                    " --set queue.delivry=fifo");
  EXPECT_EQ(misspelt.exit_status, 2);
  EXPECT_NE(misspelt.output.find("did you mean `delivery`"), std::string::npos) << misspelt.output;
}

}  // namespace
}  // namespace stackplan
