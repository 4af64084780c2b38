#include "process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace stackplan::test {

Process::Process(const std::vector<std::string>& argv, const std::string& log_path,
                 int max_open_files) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_ = fork();
  if (pid_ == 0) {
    int fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
      dup2(fd, STDOUT_FILENO);
      dup2(fd, STDERR_FILENO);
      close(fd);
    }
    if (max_open_files > 0) {
      rlimit limit{static_cast<rlim_t>(max_open_files), static_cast<rlim_t>(max_open_files)};
      if (setrlimit(RLIMIT_NOFILE, &limit) != 0) _exit(126);
    }
    execv(args[0], args.data());
    _exit(127);
  }
  if (pid_ < 0) throw std::runtime_error("fork failed");
}

Process::~Process() {
  if (pid_ > 0 && running()) kill9();
}

bool Process::running() {
  if (pid_ <= 0 || status_ != -1) return false;
  int status;
  pid_t r = waitpid(pid_, &status, WNOHANG);
  if (r == pid_) {
    status_ = status;
    return false;
  }
  return true;
}

void Process::kill9() {
  if (pid_ <= 0 || status_ != -1) return;
  ::kill(pid_, SIGKILL);
  reap(std::chrono::seconds(5));
}

int Process::reap(std::chrono::milliseconds timeout) {
  constexpr auto kReapInterval = std::chrono::milliseconds(10);
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (status_ == -1) {
    int status;
    pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      status_ = status;
      break;
    }
    if (std::chrono::steady_clock::now() > deadline) return -1;
    std::this_thread::sleep_for(kReapInterval);
  }
  return WIFEXITED(status_) ? WEXITSTATUS(status_) : 128 + WTERMSIG(status_);
}

int Process::terminate(std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return -1;
  if (status_ == -1) ::kill(pid_, SIGTERM);
  int code = reap(timeout);
  if (code == -1) kill9();
  return code;
}

CommandResult run_command(const std::string& command, bool capture_stderr) {
  CommandResult result;
  // The parentheses make 2>&1 apply to every part of a compound command.
  FILE* pipe = popen(("(" + command + ")" + (capture_stderr ? " 2>&1" : "")).c_str(), "r");
  if (!pipe) return result;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) result.output.append(buffer, n);
  int status = pclose(pipe);
  result.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

namespace {

std::string binary(const char* override_variable, const char* built) {
  const char* other = std::getenv(override_variable);
  return other && *other ? other : built;
}

}  // namespace

std::string stackplan_binary() { return binary("STACKPLAN_TEST_BINARY", STACKPLAN_BINARY); }
std::string orderd_binary() { return binary("ORDERD_TEST_BINARY", ORDERD_BINARY); }

}  // namespace stackplan::test
