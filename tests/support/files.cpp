#include "files.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace stackplan::test {

std::string source_dir() {
  const char* dir = std::getenv("STACKPLAN_SOURCE_DIR");
  return dir && *dir ? dir : ".";
}

std::string source_path(std::string_view relative) {
  return source_dir() + "/" + std::string(relative);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ADD_FAILURE() << "cannot read " << path;
    return "";
  }
  std::stringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

void write_file(const std::string& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (!out) ADD_FAILURE() << "cannot write " << path;
}

TempDir::TempDir(std::string_view prefix) {
  std::string pattern =
      (std::filesystem::temp_directory_path() / (std::string(prefix) + "-XXXXXX")).string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed for " + pattern);
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  if (!std::getenv("STACKPLAN_TEST_KEEP")) std::filesystem::remove_all(path_, ignored);
}

std::string TempDir::write(std::string_view name, std::string_view text) const {
  std::string path = file(name);
  write_file(path, text);
  return path;
}

}  // namespace stackplan::test
