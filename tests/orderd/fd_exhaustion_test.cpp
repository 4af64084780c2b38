// Out of file descriptors: orderd must not spin a core retrying accept(),
// must keep serving the connections it has, and must accept again once
// descriptors are free.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "support/orderd_fixture.h"

namespace stackplan::test {
namespace {

using namespace std::chrono_literals;

// User + system CPU time the process has used, from /proc/PID/stat.
double cpu_seconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // Fields after the command name (which may hold spaces) start at state, field 3.
  std::istringstream fields(stat.substr(stat.rfind(')') + 2));
  std::string field;
  double ticks = 0;
  for (int number = 3; number <= 15 && fields >> field; ++number)
    if (number == 14 || number == 15) ticks += std::stod(field);  // utime, stime
  return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

size_t open_files(pid_t pid) {
  size_t n = 0;
  for ([[maybe_unused]] auto& entry :
       std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd"))
    ++n;
  return n;
}

constexpr int kMaxOpenFiles = 64;
constexpr int kIdleConnections = 2 * kMaxOpenFiles;
// One core spinning uses 1 s of CPU per second; a backing-off accept loop
// and the depth refresh use a few milliseconds.
constexpr double kMaxCpuSecondsPerSecond = 0.3;

TEST(FdExhaustion, AcceptBacksOffServesExistingConnectionsAndRecovers) {
#ifdef ORDERD_SANITIZED_BUILD
  // Out of descriptors, UBSan's runtime cannot open the pipe it checks
  // memory with and reports every virtual call as an invalid vptr: the
  // sanitizer, not orderd, fails here. The unsanitized build runs this test.
  GTEST_SKIP() << "needs descriptors the sanitizer runtime would not have";
#endif
  TempDir dir;
  Orderd server(dir, "api",
                {"--db", dir.file("queue.db"), "--ledger", dir.file("charges.db"),
                 "--request-timeout", "30s"},
                "orderd", kMaxOpenFiles);
  const std::string keep_alive_health = "GET /health HTTP/1.1\r\nHost: x\r\n\r\n";
  Socket existing = connect_loopback(server.port());
  ASSERT_TRUE(existing.valid());
  ASSERT_EQ(exchange(existing, keep_alive_health, 5s).status, 200);

  // Idle connections until orderd has no descriptor left; the rest wait in
  // the listen backlog.
  std::vector<Socket> idle;
  for (int i = 0; i < kIdleConnections; ++i) {
    Socket connection = connect_loopback(server.port());
    if (connection.valid()) idle.push_back(std::move(connection));
  }
  ASSERT_TRUE(eventually([&] { return open_files(server.process().pid()) >= kMaxOpenFiles; }, 5s))
      << "orderd holds " << open_files(server.process().pid()) << " files";
  std::this_thread::sleep_for(200ms);

  double before = cpu_seconds(server.process().pid());
  std::this_thread::sleep_for(1s);
  double used = cpu_seconds(server.process().pid()) - before;
  EXPECT_LT(used, kMaxCpuSecondsPerSecond) << "orderd spins while out of descriptors";
  RecordProperty("cpu_ms_per_second_out_of_fds", static_cast<int>(used * 1000));

  EXPECT_EQ(exchange(existing, keep_alive_health, 2s).status, 200)
      << "an existing connection is not served";

  idle.clear();
  EXPECT_TRUE(eventually([&] { return http(server.port(), "GET", "/health").status == 200; }, 5s))
      << "no new connection accepted after descriptors were freed";
  existing = Socket();
  EXPECT_TRUE(server.process().running()) << server.log();
  EXPECT_EQ(server.process().terminate(), 0) << server.log();
}

}  // namespace
}  // namespace stackplan::test
