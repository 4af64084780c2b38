// The top-level sections of a scenario file, declared once.
//
// One file can describe a system for every command: the simulator reads how
// it behaves under traffic, the cost engine what it runs on and how much it
// is used, the planner what to search. Each command reads its own sections
// and leaves the others' alone, but a key that no command reads is a typo and
// an error in every one of them (with a suggestion for near misses), so
// `usgae:` fails `stackplan simulate` as surely as `stackplan cost`.
// Adding a section: one row here, then read it in its command's parser.
#pragma once

#include <array>
#include <string_view>

#include "core/yaml_reader.h"

namespace stackplan {

// Who reads a section: every command, or one of them.
enum class SectionReader { kEvery, kSimulator, kCost, kPlanner };

struct ScenarioSection {
  std::string_view name;
  SectionReader reader;
};

inline constexpr std::array kScenarioSections = {
    ScenarioSection{"name", SectionReader::kEvery},
    ScenarioSection{"description", SectionReader::kSimulator},
    ScenarioSection{"traffic", SectionReader::kSimulator},
    ScenarioSection{"architecture", SectionReader::kSimulator},
    ScenarioSection{"targets", SectionReader::kSimulator},
    ScenarioSection{"simulation", SectionReader::kSimulator},
    ScenarioSection{"deploy", SectionReader::kCost},
    ScenarioSection{"usage", SectionReader::kCost},
    ScenarioSection{"stages", SectionReader::kCost},
    ScenarioSection{"tco", SectionReader::kCost},
    ScenarioSection{"break_even", SectionReader::kCost},
    ScenarioSection{"plan", SectionReader::kPlanner},
};

// Marks the sections other commands read as read on the top-level reader, so
// that its finish() reports only keys no command reads.
void leave_to_other_readers(MapReader& top, SectionReader self);

}  // namespace stackplan
