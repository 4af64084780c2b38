// The two halves of reading a plan file, behind load_plan_file
// (plan_spec.h): the `plan:` section itself (plan_parser.cpp) and the join of
// simulated tiers with deployed services (plan_join.cpp). Internal to
// src/plan.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/yaml_reader.h"
#include "cost/cost_scenario.h"
#include "plan/plan_spec.h"
#include "scenario/scenario.h"

namespace stackplan::plan {

// The simulated tiers of an architecture kind: "api" (sync), "api" and
// "worker" (async), "function" (serverless).
std::vector<std::string> tiers_of(Architecture::Kind kind);

// Value readers of the plan section (plan_spec.cpp). Each reports its errors
// at the place of the offending value: a list item, a range.
void fail_at(MapReader& m, const YAML::Node& node, const std::string& field,
             const std::string& message);
struct Word {
  std::string text;
  YAML::Node node;
  std::string field;  // "plan.platforms[1]"
};
// A list of words ([aws, railway]) or one word; an empty list is an error
// unless allowed.
std::vector<Word> read_words(MapReader& m, const std::string& key, const std::string& example,
                             bool allow_empty = false);
// "1..40", "[5, 10, 20]" (ascending, no repeats) or "7", each value within
// [min, max].
std::optional<IntChoices> read_int_choices(MapReader& m, const std::string& key, int64_t min,
                                           int64_t max);
// "[512MB, 1GB]" or "1GB", in GiB, within the sizes Lambda offers.
std::vector<double> read_function_memory(MapReader& m, const std::string& key);
// "1000..100000000" orders per month, from < to, at most `most`.
std::optional<RealRange> read_volume_range(MapReader& m, const std::string& key, int64_t most);
// "30/s..90/s" orders per second, from < to, within [slowest, fastest].
std::optional<RealRange> read_rate_range(MapReader& m, const std::string& key, double slowest,
                                         double fastest);
// "unknown case `hihg` (did you mean `high`?)" or, with no near miss, the
// names there are.
std::string unknown_name_message(const std::string& what, const std::string& name,
                                 const std::vector<std::string>& known);

// Reads `plan:` (the reader is that section) into a spec with every default
// filled in from the scenario and the cost sections. Either may be null when
// its own sections failed to read: the syntax of the plan is still checked,
// and what depends on them is skipped (the file has errors anyway).
PlanSpec read_plan_section(MapReader plan, const Scenario* scenario,
                           const cost::CostScenario* cost);

// Checks that every tier of every kind searched has its deployed service (or
// the deploy's function) and that every deployed service is some tier's or
// fixed. `root` is the whole document, for the places of the errors.
void check_join(const PlanSpec& plan, const cost::CostScenario& cost, const YAML::Node& root,
                const std::string& label, ErrorList& errors);

}  // namespace stackplan::plan
