// Every command's default text fits a 100-column terminal, on every example
// the repository ships (docs/OUTPUT.md, "Text layout"); Locust's wide layout
// is one flag away.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "core/text_width.h"
#include "support/files.h"
#include "support/process.h"

namespace stackplan {
namespace {

struct Widest {
  size_t width = 0;
  std::string line;
};

Widest widest_line(const std::string& text) {
  Widest widest;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);)
    if (display_width(line) > widest.width) widest = {display_width(line), line};
  return widest;
}

// stdout of `stackplan ARGS`, run from the repository's root so the examples'
// relative paths and the catalog resolve as they do for a user.
std::string text_of(const std::string& args) {
  const auto run = test::run_command(
      "cd " + test::source_dir() + " && " + test::stackplan_binary() + " " + args + " 2>/dev/null",
      false);
  EXPECT_GE(run.exit_status, 0) << args;
  EXPECT_FALSE(run.output.empty()) << args;
  return run.output;
}

std::vector<std::string> yaml_files(const std::string& directory) {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(test::source_path(directory)))
    if (entry.path().extension() == ".yaml")
      files.push_back(directory + "/" + entry.path().filename().string());
  EXPECT_FALSE(files.empty()) << directory;
  return files;
}

void expect_fits(const std::string& args) {
  const Widest widest = widest_line(text_of(args));
  EXPECT_LE(widest.width, kTextColumns) << "stackplan " << args << ":\n" << widest.line;
}

TEST(TextWidth, SimulateFitsOnTheBuiltInScenarioAndEveryExample) {
  expect_fits("simulate");
  for (const auto& file : yaml_files("examples")) expect_fits("simulate " + file);
}

TEST(TextWidth, SimulateReplicationsFit) {
  expect_fits("simulate --replications 3");
  expect_fits("simulate examples/flash-sale-sync.yaml --replications 3");
}

TEST(TextWidth, ExplainFitsOnEveryExample) {
  expect_fits("explain");
  for (const auto& file : yaml_files("examples")) expect_fits("explain " + file);
}

TEST(TextWidth, CostFitsOnEveryExample) {
  for (const auto& file : yaml_files("examples/cost")) expect_fits("cost " + file);
}

TEST(TextWidth, PlanFitsOnEveryExample) {
  for (const auto& file : yaml_files("examples/plan")) expect_fits("plan " + file);
}

TEST(TextWidth, CatalogFits) {
  expect_fits("catalog list");
  expect_fits("catalog check");
  for (const auto& file : yaml_files("catalog"))  // catalog/aws.yaml holds provider aws
    expect_fits("catalog show " + std::filesystem::path(file).stem().string());
}

// --locust-compatible keeps Locust's own layout: its 80-column name field
// makes the percentile table 175 columns wide.
TEST(TextWidth, LocustCompatibleKeepsLocustsWideLayout) {
  const std::string text = text_of("simulate --locust-compatible");
  EXPECT_EQ(widest_line(text).width, 175u) << text;
  EXPECT_NE(text.find("    66%    75%    80%"), std::string::npos) << text;
  EXPECT_NE(text.find("failures/s"), std::string::npos) << text;
}

}  // namespace
}  // namespace stackplan
