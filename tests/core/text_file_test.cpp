#include "core/text_file.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <string>
#include <vector>

#include "support/files.h"

namespace stackplan {
namespace {

namespace fs = std::filesystem;

// A fresh directory of each test, removed after it.
class WriteTextFileTest : public ::testing::Test {
 protected:
  std::string path(const std::string& name) const { return scratch_.file(name); }

  const test::TempDir scratch_{"stackplan-text-file"};
  const fs::path dir_ = scratch_.path();
};

// write_text_file run in a child process whose files may not grow beyond
// max_file_bytes (RLIMIT_FSIZE, which binds root as much as anyone), with
// SIGXFSZ ignored so the write fails with EFBIG instead of killing the child.
// Returns the message of the failure, or "" when the write succeeded.
std::string write_with_file_size_limit(const std::string& file, const std::string& content,
                                       rlim_t max_file_bytes) {
  int message_pipe[2];
  if (::pipe(message_pipe) != 0) return "pipe failed";
  const pid_t child = ::fork();
  if (child == 0) {
    ::close(message_pipe[0]);
    std::signal(SIGXFSZ, SIG_IGN);
    const rlimit limit{max_file_bytes, max_file_bytes};
    if (::setrlimit(RLIMIT_FSIZE, &limit) != 0) ::_exit(3);
    const Status s = write_text_file(file, content);
    const std::string message = s.ok() ? "" : s.message();
    const bool sent = ::write(message_pipe[1], message.data(), message.size()) ==
                      static_cast<ssize_t>(message.size());
    ::_exit(sent ? 0 : 4);
  }
  ::close(message_pipe[1]);
  std::string message;
  char buffer[512];
  for (ssize_t n; (n = ::read(message_pipe[0], buffer, sizeof buffer)) > 0;)
    message.append(buffer, static_cast<size_t>(n));
  ::close(message_pipe[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "child status " << status;
  return message;
}

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

// The new content does not fit (the disk is full, or a quota is reached):
// the old file must survive whole, and no half-written temporary stays beside
// it. A file-size limit makes the write fail the same way as any user, root
// included.
TEST_F(WriteTextFileTest, FailedWriteKeepsTheOldFile) {
  const std::string file = path("out.txt");
  const std::string old_content = "old\n";
  ASSERT_TRUE(write_text_file(file, old_content).ok());
  const std::string new_content(4096, 'n');
  const std::string message =
      write_with_file_size_limit(file, new_content, /*max_file_bytes=*/new_content.size() / 2);
  EXPECT_EQ(message, file + ": cannot write file (File too large)");
  EXPECT_EQ(read_text_file(file).value(), old_content);
  std::vector<std::string> entries;
  for (const auto& e : fs::directory_iterator(dir_)) entries.push_back(e.path().filename());
  EXPECT_EQ(entries, std::vector<std::string>{"out.txt"});
}

TEST_F(WriteTextFileTest, WritesThroughADevice) {
  EXPECT_TRUE(write_text_file("/dev/null", "discarded").ok());
}

}  // namespace
}  // namespace stackplan
