#include "core/text_file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace stackplan {
namespace {

// rw-rw-rw- before the umask, as open(2) and std::ofstream create files.
constexpr mode_t kNewFileMode = 0666;

}  // namespace

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

Status write_text_file(const std::string& path, std::string_view content) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    return Error(fmt::format("{}: is a directory, expected a file", path));
  auto fail = [&path](int error) {
    return Error(fmt::format("{}: cannot write file ({})", path, std::strerror(error)));
  };
  // A device or pipe (--json /dev/stdout) cannot be replaced: write through it.
  if (std::filesystem::exists(path, ec) && !std::filesystem::is_regular_file(path, ec)) {
    std::ofstream out(path, std::ios::binary);
    if (!out.write(content.data(), static_cast<std::streamsize>(content.size())).flush())
      return fail(errno);
    return Status::Ok();
  }
  // mkstemp needs the template in writable memory.
  std::string temp = path + ".XXXXXX";
  const int fd = mkstemp(temp.data());
  if (fd < 0) return fail(errno);
  // mkstemp creates the file 0600; a file the user writes reads as any other.
  // The umask can only be read by setting it, so it is set back at once.
  const mode_t mask = umask(0);
  umask(mask);
  int error = fchmod(fd, kNewFileMode & ~mask) == 0 ? 0 : errno;
  for (size_t done = 0; error == 0 && done < content.size();) {
    const ssize_t n = write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno != EINTR) error = errno;
    if (n > 0) done += static_cast<size_t>(n);
  }
  if (close(fd) != 0 && error == 0) error = errno;
  if (error == 0 && std::rename(temp.c_str(), path.c_str()) != 0) error = errno;
  if (error != 0) {
    std::remove(temp.c_str());
    return fail(error);
  }
  return Status::Ok();
}

}  // namespace stackplan
