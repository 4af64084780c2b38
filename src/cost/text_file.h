// Reading a whole input file (scenario, simulation result, catalog) as text.
#pragma once

#include <string>

#include "core/status.h"

namespace stackplan::cost {

// The file's contents, or an error naming the path: missing, unreadable, or
// not a regular file (a directory given where a file is expected).
Result<std::string> read_text_file(const std::string& path);

}  // namespace stackplan::cost
