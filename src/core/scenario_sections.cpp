#include "core/scenario_sections.h"

#include <string>

namespace stackplan {

void leave_to_other_readers(MapReader& top, SectionReader self) {
  for (const auto& section : kScenarioSections)
    if (section.reader != self && section.reader != SectionReader::kEvery)
      top.raw(std::string(section.name));
}

}  // namespace stackplan
