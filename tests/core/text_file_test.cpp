#include "core/text_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <string>

namespace stackplan {
namespace {

namespace fs = std::filesystem;

// A fresh directory under the system's temporary directory, removed after the test.
class WriteTextFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("stackplan_text_file_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  fs::path dir_;
};

TEST_F(WriteTextFileTest, WritesTheContentAndReadsBack) {
  const std::string file = path("out.txt");
  ASSERT_TRUE(write_text_file(file, "line one\nline two\n").ok());
  EXPECT_EQ(read_text_file(file).value(), "line one\nline two\n");
}

TEST_F(WriteTextFileTest, ReplacesAnExistingFileAndLeavesNoTemporaryBehind) {
  const std::string file = path("out.txt");
  ASSERT_TRUE(write_text_file(file, "a much longer first version\n").ok());
  ASSERT_TRUE(write_text_file(file, "short\n").ok());
  EXPECT_EQ(read_text_file(file).value(), "short\n");
  int entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir_)) ++entries;
  EXPECT_EQ(entries, 1);
}

TEST_F(WriteTextFileTest, NewFileIsReadableByOthersAsTheUmaskAllows) {
  const mode_t mask = ::umask(022);
  const std::string file = path("out.txt");
  ASSERT_TRUE(write_text_file(file, "x").ok());
  ::umask(mask);
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);
}

TEST_F(WriteTextFileTest, MissingDirectoryIsAMessageNamingThePath) {
  const std::string file = path("no/such/dir/out.txt");
  Status s = write_text_file(file, "x");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), file + ": cannot write file (No such file or directory)");
}

TEST_F(WriteTextFileTest, DirectoryIsRefusedByName) {
  Status s = write_text_file(dir_.string(), "x");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), dir_.string() + ": is a directory, expected a file");
  EXPECT_TRUE(fs::is_directory(dir_));
}

TEST_F(WriteTextFileTest, FailedWriteKeepsTheOldFile) {
  if (::geteuid() == 0) GTEST_SKIP() << "root writes into a read-only directory";
  const std::string file = path("out.txt");
  ASSERT_TRUE(write_text_file(file, "old\n").ok());
  fs::permissions(dir_, fs::perms::owner_read | fs::perms::owner_exec);  // no new entries
  Status s = write_text_file(file, "new\n");
  fs::permissions(dir_, fs::perms::owner_all);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), file + ": cannot write file (Permission denied)");
  EXPECT_EQ(read_text_file(file).value(), "old\n");
}

TEST_F(WriteTextFileTest, WritesThroughADevice) {
  EXPECT_TRUE(write_text_file("/dev/null", "discarded").ok());
}

}  // namespace
}  // namespace stackplan
