// Where the tests find the repository's files, and scratch space of their own.
#pragma once

#include <string>
#include <string_view>

namespace stackplan::test {

// The repository's root, from STACKPLAN_SOURCE_DIR (set by ctest for every
// test); "." when a test binary is run by hand from the root.
std::string source_dir();
// A file or directory of the repository: source_path("examples/x.yaml").
std::string source_path(std::string_view relative);

// The whole file, or an empty string when it cannot be read; the test fails
// with the path in the message in that case, so a missing file is never a
// silent empty input.
std::string read_file(const std::string& path);
// Writes (or replaces) a file; fails the test when it cannot.
void write_file(const std::string& path, std::string_view text);

// A fresh directory under the system's temporary directory, removed with
// everything in it when the object goes out of scope (kept when the
// environment variable STACKPLAN_TEST_KEEP is set, to look at a failure).
class TempDir {
 public:
  explicit TempDir(std::string_view prefix = "stackplan-test");
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string file(std::string_view name) const { return path_ + "/" + std::string(name); }
  // Writes a file inside the directory and returns its path.
  std::string write(std::string_view name, std::string_view text) const;

 private:
  std::string path_;
};

}  // namespace stackplan::test
