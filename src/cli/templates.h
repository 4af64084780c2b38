// The starter scenarios `stackplan init` writes, embedded from
// templates/*.yaml at build time (templates/embed.cmake).
#pragma once

#include <string_view>
#include <vector>

namespace stackplan::cli {

struct StarterTemplate {
  std::string_view name;  // the file name without .yaml: "flash-sale"
  std::string_view yaml;
};

// Sorted by name.
const std::vector<StarterTemplate>& starter_templates();

}  // namespace stackplan::cli
