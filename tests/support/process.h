// Child processes for integration tests: servers that are always killed when
// the test ends, commands run to completion with their output captured, and
// polling with a deadline instead of fixed sleeps.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace stackplan::test {

// A child process killed with SIGKILL when the guard goes out of scope.
class Process {
 public:
  // stdout and stderr go to log_path. max_open_files > 0: the child's
  // RLIMIT_NOFILE.
  Process(const std::vector<std::string>& argv, const std::string& log_path,
          int max_open_files = 0);
  ~Process();
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  pid_t pid() const { return pid_; }
  bool running();
  void kill9();
  // SIGTERM and wait; returns the exit status (128 + signal when killed by
  // one), or -1 on timeout (the child is then killed).
  int terminate(std::chrono::milliseconds timeout = std::chrono::seconds(10));

 private:
  int reap(std::chrono::milliseconds timeout);
  pid_t pid_ = -1;
  int status_ = -1;
};

struct CommandResult {
  int exit_status = -1;  // -1: did not exit normally
  std::string output;    // stdout, and stderr too when asked
};

// Runs a shell command to completion.
CommandResult run_command(const std::string& command, bool capture_stderr = true);

// The binaries built with the tests. STACKPLAN_TEST_BINARY / ORDERD_TEST_BINARY
// run the tests against another build (an older one, to see a test fail
// before its fix).
std::string stackplan_binary();
std::string orderd_binary();

// Polls until pred() or the timeout; returns pred()'s last value.
template <typename Pred>
bool eventually(Pred pred, std::chrono::milliseconds timeout) {
  constexpr auto kPollInterval = std::chrono::milliseconds(20);
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (pred()) return true;
    std::this_thread::sleep_for(kPollInterval);
  }
  return pred();
}

}  // namespace stackplan::test
