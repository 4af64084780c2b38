// Reading a whole file named by the user, with errors as values: a
// directory, a missing file or a read error is a message naming the path,
// never an exception from the stream library.
#pragma once

#include <string>

#include "core/status.h"

namespace stackplan {

// The whole content of the file; "PATH: is a directory, expected a file" or
// "PATH: cannot open file (reason)" when it cannot be read.
Result<std::string> read_text_file(const std::string& path);

}  // namespace stackplan
