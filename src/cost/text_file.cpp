#include "cost/text_file.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace stackplan::cost {

Result<std::string> read_text_file(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (ec || !fs::exists(status)) return Error(fmt::format("{}: cannot open file", path));
  // Reading a directory through a stream fails inside the standard library
  // with an exception, so refuse anything that is not a file first.
  if (fs::is_directory(status))
    return Error(fmt::format("{}: is a directory; expected a file", path));
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error(fmt::format("{}: cannot open file", path));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Error(fmt::format("{}: cannot read file", path));
  return text.str();
}

}  // namespace stackplan::cost
