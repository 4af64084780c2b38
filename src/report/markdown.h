// Markdown shared by the renderers that write tables (plan --markdown, the
// Markdown report).
#pragma once

#include <string>

namespace stackplan::report {

// A table cell that never breaks its table: pipes escaped, newlines as spaces.
std::string markdown_cell(const std::string& text);

}  // namespace stackplan::report
