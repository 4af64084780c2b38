// Reading and writing a whole file named by the user, with errors as values:
// a directory, a missing file or a read or write error is a message naming
// the path, never an exception from the stream library.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace stackplan {

// The whole content of the file; "PATH: is a directory, expected a file" or
// "PATH: cannot open file (reason)" when it cannot be read.
Result<std::string> read_text_file(const std::string& path);

// Replaces the file with content, or creates it (permissions as the umask
// allows). The content goes to a temporary file in the same directory that
// is renamed over path once complete, so a failed write leaves the old file
// (or none), never half a file. "PATH: is a directory, expected a file" or
// "PATH: cannot write file (reason)" when it cannot be written.
Status write_text_file(const std::string& path, std::string_view content);

}  // namespace stackplan
