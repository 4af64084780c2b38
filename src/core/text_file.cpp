#include "core/text_file.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace stackplan {

Result<std::string> read_text_file(const std::string& path) {
  // An ifstream opens a directory on Linux and fails only on the first read,
  // with an exception from some readers: refuse it by name first.
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    return Error(fmt::format("{}: is a directory, expected a file", path));
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error(fmt::format("{}: cannot open file ({})", path, std::strerror(errno)));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Error(fmt::format("{}: cannot read file", path));
  return text.str();
}

}  // namespace stackplan
