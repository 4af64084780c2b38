// `stackplan simulate` stopped with Ctrl-C prints what it has, marked
// incomplete, and exits 1; its progress line shows on a terminal only, and
// never with --quiet. Runs the real binary; each run is bounded in time.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "support/files.h"
#include "support/process.h"

namespace stackplan {
namespace {

using namespace std::chrono_literals;
constexpr auto kExitDeadline = 30s;  // after Ctrl-C; a hang fails the test

// Far longer than any test waits: only Ctrl-C ends it.
constexpr const char* kEndlessScenario =
    "traffic: { rate: 1000/s, duration: 100h }\n"
    "architecture:\n  kind: async\n"
    "  queue: { receive_batch: 10, receive_latency: 0s }\n"
    "  workers: { processes: 4, concurrency: 5 }\n"
    "  dependency: { slots: 5, scope: per_process, service_time: exponential(10ms) }\n"
    "targets: { drain_after_peak: 1m }\n";

// A stackplan process: stdout and stderr to files, or both to a
// pseudo-terminal whose output is collected in `terminal`.
class Stackplan {
 public:
  Stackplan(const std::vector<std::string>& args, const test::TempDir& dir, bool on_terminal) {
    std::vector<std::string> argv{test::stackplan_binary()};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> c_argv;
    for (auto& a : argv) c_argv.push_back(a.data());
    c_argv.push_back(nullptr);
    const std::string out = dir.file("stdout"), err = dir.file("stderr");
    pid_ = on_terminal ? forkpty(&terminal_fd_, nullptr, nullptr, nullptr) : fork();
    if (pid_ == 0) {
      if (!on_terminal) {
        dup2(open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644), STDOUT_FILENO);
        dup2(open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644), STDERR_FILENO);
      }
      execv(c_argv[0], c_argv.data());
      _exit(127);
    }
    EXPECT_GT(pid_, 0);
  }
  ~Stackplan() {
    if (pid_ > 0 && status_ < 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (terminal_fd_ >= 0) close(terminal_fd_);
  }
  Stackplan(const Stackplan&) = delete;
  Stackplan& operator=(const Stackplan&) = delete;

  // Collects terminal output for `how_long`, or until `text` appears in it.
  bool read_terminal_until(const std::string& text, std::chrono::milliseconds how_long) {
    const auto deadline = std::chrono::steady_clock::now() + how_long;
    while (std::chrono::steady_clock::now() < deadline) {
      read_terminal(50);
      if (!text.empty() && terminal_.find(text) != std::string::npos) return true;
    }
    return false;
  }
  void interrupt() { kill(pid_, SIGINT); }
  // The exit status, or -1 when it did not exit normally in time.
  int wait() {
    const auto deadline = std::chrono::steady_clock::now() + kExitDeadline;
    while (std::chrono::steady_clock::now() < deadline) {
      read_terminal(20);
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        while (read_terminal(0)) {
        }
        return WIFEXITED(status) ? status_ : -1;
      }
    }
    return -1;
  }
  const std::string& terminal() const { return terminal_; }

 private:
  bool read_terminal(int timeout_ms) {
    if (terminal_fd_ < 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(timeout_ms));
      return false;
    }
    pollfd p{terminal_fd_, POLLIN, 0};
    if (poll(&p, 1, timeout_ms) <= 0) return false;
    char buffer[4096];
    const ssize_t n = read(terminal_fd_, buffer, sizeof buffer);
    if (n <= 0) return false;  // EIO once the child has closed the terminal
    terminal_.append(buffer, static_cast<size_t>(n));
    return true;
  }
  pid_t pid_ = -1;
  int status_ = -1;
  int terminal_fd_ = -1;
  std::string terminal_;
};

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(SimulateInterrupt, CtrlCPrintsThePartialResultMarkedIncompleteAndExits1) {
  const test::TempDir dir;
  const auto scenario = dir.write("endless.yaml", kEndlessScenario);
  Stackplan run({"simulate", scenario, "--json", dir.file("r.json")}, dir, false);
  std::this_thread::sleep_for(1500ms);
  const auto interrupted_at = std::chrono::steady_clock::now();
  run.interrupt();
  EXPECT_EQ(run.wait(), 1);
  EXPECT_LT(std::chrono::steady_clock::now() - interrupted_at, 10s);
  const std::string out = test::read_file(dir.file("stdout"));
  EXPECT_TRUE(contains(out, "incomplete: stopped at simulated ")) << out;
  EXPECT_TRUE(contains(out, " of 100h 00m (Ctrl-C)")) << out;
  EXPECT_TRUE(contains(out, "Aggregated")) << out;  // the Locust table, so far
  EXPECT_TRUE(contains(out, "Orders")) << out;
  // The drain target was never reached: not a drain time of zero.
  EXPECT_TRUE(contains(out, "stopped before drain")) << out;
  const std::string json = test::read_file(dir.file("r.json"));
  EXPECT_TRUE(contains(json, "\"complete\": false")) << json.substr(0, 400);
  EXPECT_TRUE(contains(json, "\"incomplete\": \"stopped at simulated ")) << json.substr(0, 400);
}

TEST(SimulateInterrupt, CtrlCDuringReplicationsPrintsThoseFinished) {
  const test::TempDir dir;
  const auto scenario = dir.write("short.yaml",
                                  "traffic: { rate: 200/s, duration: 2min }\n"
                                  "architecture: { kind: sync, api: { processes: 2 },"
                                  " dependency: { slots: 20, service_time: 10ms } }\n");
  Stackplan run({"simulate", scenario, "--replications", "100000", "--json", dir.file("r.json")},
                dir, false);
  std::this_thread::sleep_for(1500ms);
  run.interrupt();
  EXPECT_EQ(run.wait(), 1);
  const std::string out = test::read_file(dir.file("stdout"));
  EXPECT_TRUE(contains(out, "incomplete: stopped after ")) << out;
  EXPECT_TRUE(contains(out, " of 100000 replications (Ctrl-C)")) << out;
  EXPECT_TRUE(contains(test::read_file(dir.file("r.json")), "\"complete\": false"));
}

TEST(SimulateProgress, ALineOnATerminalNoneWithQuietNoneIntoAFile) {
  const test::TempDir dir;
  const auto scenario = dir.write("endless.yaml", kEndlessScenario);
  {
    Stackplan run({"simulate", scenario}, dir, true);
    EXPECT_TRUE(run.read_terminal_until("simulating: ", 15s)) << run.terminal();
    EXPECT_TRUE(run.read_terminal_until("ETA ", 5s)) << run.terminal();
    EXPECT_TRUE(contains(run.terminal(), " of 100h 00m (")) << run.terminal();
    run.interrupt();
    EXPECT_EQ(run.wait(), 1);
  }
  {
    Stackplan run({"simulate", scenario, "--quiet"}, dir, true);
    run.read_terminal_until("", 2500ms);
    run.interrupt();
    EXPECT_EQ(run.wait(), 1);
    EXPECT_FALSE(contains(run.terminal(), "simulating: ")) << run.terminal();
    EXPECT_TRUE(contains(run.terminal(), "incomplete: ")) << run.terminal();
  }
  {
    Stackplan run({"simulate", scenario}, dir, false);
    std::this_thread::sleep_for(2500ms);
    run.interrupt();
    EXPECT_EQ(run.wait(), 1);
    EXPECT_EQ(test::read_file(dir.file("stderr")), "");
  }
}

}  // namespace
}  // namespace stackplan
