// Malformed shapes in a scenario file are positioned errors naming the field.
#include <gtest/gtest.h>

#include "scenario/scenario.h"
#include "support/files.h"

namespace stackplan {
namespace {

TEST(ScenarioShapes, ADirectoryIsNotAScenarioFile) {
  const test::TempDir dir;
  auto s = parse_scenario_file(dir.path());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message(), dir.path() + ": is a directory, expected a file");
}

TEST(ScenarioShapes, AMappingAsAFieldNameInAScenarioIsAnError) {
  auto r = parse_scenario_text(R"(name: t
traffic: { users: 1, duration: 1s }
architecture:
  kind: async
  queue: { {}: 1 }
  dependency: { slots: 1 }
)",
                               "s.yaml");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message(), "s.yaml:5:12: a field name must be a single word, got a mapping");
}

TEST(ScenarioShapes, AListWhereAValueIsExpectedIsAnErrorNamingTheField) {
  auto r = parse_scenario_text(R"(name: t
traffic: { users: [[1]], duration: 1s }
architecture: { kind: sync, dependency: { slots: 1 } }
)",
                               "s.yaml");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message(),
            "s.yaml:2:19: traffic.users: expected a single value, got a list or mapping");
}

}  // namespace
}  // namespace stackplan
