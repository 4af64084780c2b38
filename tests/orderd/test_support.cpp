#include "test_support.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace orderd_test {

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "orderd-test-XXXXXX").string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  if (!std::getenv("ORDERD_TEST_KEEP")) std::filesystem::remove_all(path_, ignored);
}

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
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (status_ == -1) {
    int status;
    pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      status_ = status;
      break;
    }
    if (std::chrono::steady_clock::now() > deadline) return -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
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

// ORDERD_TEST_BINARY runs the integration tests against another build (an
// older one, to see a test fail before its fix).
std::string orderd_binary() {
  const char* other = std::getenv("ORDERD_TEST_BINARY");
  return other && *other ? other : ORDERD_BINARY;
}

Orderd::Orderd(const TempDir& dir, const std::string& mode, std::vector<std::string> flags,
               const std::string& name, int max_open_files)
    : log_path_(dir.file(name + ".log")),
      process_(
          [&] {
            std::vector<std::string> argv = {
                orderd_binary(), mode, "--port", "0", "--port-file", dir.file(name + ".port")};
            argv.insert(argv.end(), flags.begin(), flags.end());
            std::filesystem::remove(dir.file(name + ".port"));
            return argv;
          }(),
          log_path_, max_open_files) {
  if (mode == "worker") return;
  std::string port_file = dir.file(name + ".port");
  bool ok = eventually(
      [&] {
        std::ifstream in(port_file);
        int port = 0;
        if (in >> port) port_ = static_cast<uint16_t>(port);
        return port_ != 0 || !process_.running();
      },
      std::chrono::seconds(10));
  if (!ok || port_ == 0) throw std::runtime_error("orderd did not start: " + log());
}

std::string Orderd::log() const {
  std::ifstream in(log_path_);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string run_orderd(const std::vector<std::string>& args) {
  std::string command = orderd_binary();
  for (const auto& a : args) command += " '" + a + "'";
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return "";
  std::string out;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  pclose(pipe);
  return out;
}

int connect_to(uint16_t port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

namespace {

HttpResult parse_response(const std::string& raw) {
  HttpResult r;
  auto header_end = raw.find("\r\n\r\n");
  if (raw.size() < 12 || header_end == std::string::npos) return r;
  r.status = std::atoi(raw.c_str() + 9);
  std::istringstream lines(raw.substr(0, header_end));
  std::string line;
  std::getline(lines, line);
  while (std::getline(lines, line)) {
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = line.substr(0, colon);
    for (char& c : name) c = static_cast<char>(std::tolower(c));
    std::string value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ')) value.erase(0, 1);
    while (!value.empty() && (value.back() == '\r')) value.pop_back();
    r.headers[name] = value;
  }
  r.body = raw.substr(header_end + 4);
  return r;
}

}  // namespace

HttpResult raw_http(uint16_t port, const std::string& bytes, std::chrono::milliseconds timeout) {
  int fd = connect_to(port);
  if (fd < 0) return {};
  HttpResult r = exchange(fd, bytes, timeout);
  close(fd);
  return r;
}

HttpResult exchange(int fd, const std::string& bytes, std::chrono::milliseconds timeout) {
  size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<size_t>(n);
  }
  std::string raw;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
    char buffer[8192];
    ssize_t n = recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    raw.append(buffer, static_cast<size_t>(n));
    // Stop once a complete response with Content-Length has arrived.
    HttpResult partial = parse_response(raw);
    auto it = partial.headers.find("content-length");
    if (partial.status && it != partial.headers.end() &&
        partial.body.size() >= static_cast<size_t>(std::atol(it->second.c_str())))
      break;
  }
  return parse_response(raw);
}

HttpResult http(uint16_t port, const std::string& method, const std::string& target,
                const std::string& body, const std::map<std::string, std::string>& headers) {
  std::string request = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (const auto& [name, value] : headers) request += name + ": " + value + "\r\n";
  if (!body.empty() || method == "POST")
    request +=
        "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  request += "Connection: close\r\n\r\n" + body;
  return raw_http(port, request, std::chrono::seconds(30));
}

std::string order_body(const std::string& customer, double price) {
  return nlohmann::json{{"customer_id", customer},
                        {"items", {{{"product_id", "p1"}, {"quantity", 2}, {"price", price}}}}}
      .dump();
}

uint16_t free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

}  // namespace orderd_test

namespace orderd_test {

Backend::Backend(const std::string& name, const TempDir& dir) : name_(name), dir_(dir) {
  if (name_ != "redis") return;
  redis_port_ = free_port();
  redis_ = std::make_unique<Process>(
      std::vector<std::string>{"/usr/bin/redis-server", "--port", std::to_string(redis_port_),
                               "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir",
                               dir.path()},
      dir.file("redis.log"));
  bool up = eventually(
      [&] {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(redis_port_);
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
        char reply[16] = {};
        ok = ok && send(fd, "PING\r\n", 6, MSG_NOSIGNAL) == 6 && recv(fd, reply, 5, 0) == 5 &&
             std::string(reply, 5) == "+PONG";
        close(fd);
        return ok;
      },
      std::chrono::seconds(5));
  if (!up) throw std::runtime_error("redis-server did not start");
}

Backend::~Backend() {
  if (redis_) redis_->terminate(std::chrono::seconds(3));
}

std::vector<std::string> Backend::flags() const {
  if (name_ == "redis")
    return {"--queue",  "redis",
            "--redis",  "127.0.0.1:" + std::to_string(redis_port_),
            "--ledger", dir_.file("charges.db")};
  return {"--db", dir_.file("queue.db"), "--ledger", dir_.file("charges.db")};
}

pid_t Backend::redis_pid() const { return redis_ ? redis_->pid() : -1; }

stackplan::orderd::StoreConfig Backend::store_config() const {
  stackplan::orderd::StoreConfig config;
  config.backend = name_;
  config.sqlite_path = dir_.file("queue.db");
  config.redis_port = redis_port_;
  return config;
}

}  // namespace orderd_test
