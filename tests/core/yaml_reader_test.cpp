// The shared YAML reader must turn every malformed shape into a positioned
// error: scenario, cost and catalog files are all read through it.
#include "core/yaml_reader.h"

#include <gtest/gtest.h>

#include "support/files.h"
#include "support/must.h"
#include "support/source_location.h"

namespace stackplan {
namespace {

// The reader's message for a document that must not load; fails the test at
// the caller's line when it loads.
std::string load_error(const std::string& yaml, ::stackplan::test::SourceLocation where =
                                                    ::stackplan::test::SourceLocation::current()) {
  return test::error_of(load_yaml_text(yaml, "f.yaml"), where);
}

TEST(YamlReader, RefusesAMappingAsAFieldName) {
  EXPECT_EQ(load_error("queue: { {}: 1 }\n"),
            "f.yaml:1:10: a field name must be a single word, got a mapping");
}

TEST(YamlReader, RefusesAListAsAFieldName) {
  EXPECT_EQ(load_error("traffic:\n  [a]: 1\n"),
            "f.yaml:2:3: a field name must be a single word, got a list");
}

TEST(YamlReader, RefusesAnEmptyFieldName) {
  EXPECT_EQ(load_error("traffic:\n  ~: 1\n"),
            "f.yaml:2:3: a field name must be a single word, got nothing");
}

TEST(YamlReader, RefusesAFieldNameListDeepInALongList) {
  EXPECT_NE(load_error("steps:\n  - {rate: 1/s, for: 1s}\n  - {[x]: 1}\n"), "");
}

TEST(YamlReader, BoundsAliasesThatMultiplyTheDocument) {
  // Nine levels of ten aliases each name the first list 10^9 times.
  std::string yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i <= 9; ++i) {
    yaml += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int k = 0; k < 10; ++k) yaml += (k ? ", *a" : "*a") + std::to_string(i - 1);
    yaml += "]\n";
  }
  EXPECT_NE(load_error(yaml).find("nested or aliased more than"), std::string::npos);
}

// The reader's own checks, on a mapping built by load_yaml_text.
struct Reading {
  explicit Reading(const std::string& yaml)
      : root(test::must(load_yaml_text(yaml, "f.yaml"))),
        file(std::make_shared<const std::string>("f.yaml")),
        reader(root, "", file, ".", &errors) {}
  YAML::Node root;
  std::shared_ptr<const std::string> file;
  ErrorList errors;
  MapReader reader;
};

TEST(YamlReader, AListInsideAListOfValuesIsAnErrorAtItsPlace) {
  Reading r("platforms: [[aws], railway]\n");
  auto names = r.reader.string_list("platforms", "[aws, railway]");
  EXPECT_EQ(names, std::vector<std::string>{"railway"});
  ASSERT_EQ(r.errors.all().size(), 1u);
  EXPECT_EQ(r.errors.all()[0],
            "f.yaml:1:13: platforms[0]: expected a single value, got a list or mapping (a list "
            "is written like [aws, railway])");
}

TEST(YamlReader, AValueWhereAListIsExpectedIsAnError) {
  Reading r("regions: global\n");
  EXPECT_TRUE(r.reader.string_list("regions", "[global]").empty());
  ASSERT_EQ(r.errors.all().size(), 1u);
  EXPECT_EQ(r.errors.all()[0], "f.yaml:1:10: regions: expected a list, like [global]");
}

TEST(YamlReader, AnUnknownFieldNamesTheClosestAbsentFieldWithinTwoEdits) {
  Reading r("retyr: 1\nmax: 2\nwholly_else: 3\nb: 4\n");
  r.reader.raw("retry");
  r.reader.raw("max");  // present: not a candidate
  r.reader.raw("a");    // too short to tell a misspelling from another word
  r.reader.finish();
  EXPECT_EQ(r.errors.all(),
            (std::vector<std::string>{"f.yaml:1:1: retyr: unknown field (did you mean `retry`?)",
                                      "f.yaml:3:1: wholly_else: unknown field",
                                      "f.yaml:4:1: b: unknown field"}));
}

TEST(YamlReader, LookingUpAnAbsentSectionLeavesTheDocumentAsItWas) {
  Reading r("kind: sync\n");
  auto retry = r.reader.map("retry");
  retry.finish();
  EXPECT_FALSE(r.root["retry"].IsDefined());
  EXPECT_EQ(r.root.size(), 1u);
}

TEST(YamlReader, TheSameMistakeAtTheSamePlaceIsReportedOnce) {
  ErrorList errors;
  YAML::Mark mark;
  mark.line = 2;
  mark.column = 4;
  errors.add("f.yaml", mark, "usage.egres", "unknown field");
  errors.add("f.yaml", mark, "stages[0].usage.egres", "unknown field");
  errors.add("f.yaml", mark, "usage.egres", "another mistake");
  EXPECT_EQ(errors.all(), (std::vector<std::string>{"f.yaml:3:5: usage.egres: unknown field",
                                                    "f.yaml:3:5: usage.egres: another mistake"}));
}

TEST(YamlReader, ScalarTextOnlyForSingleValues) {
  auto root = test::must(load_yaml_text("a: x\nb: [x]\nc: {x: 1}\n", "f.yaml"));
  EXPECT_EQ(scalar_text(root["a"]), "x");
  EXPECT_EQ(scalar_text(root["b"]), std::nullopt);
  EXPECT_EQ(scalar_text(root["c"]), std::nullopt);
  EXPECT_EQ(scalar_text(root["absent"]), std::nullopt);
}

TEST(YamlReader, ADirectoryIsNotAFile) {
  const test::TempDir dir;
  auto r = load_yaml_file(dir.path());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message(), dir.path() + ": is a directory, expected a file");
}

TEST(YamlReader, AMissingFileSaysWhy) {
  auto r = load_yaml_file("/nonexistent/scenario.yaml");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message(),
            "/nonexistent/scenario.yaml: cannot open file (No such file or directory)");
}

}  // namespace
}  // namespace stackplan
