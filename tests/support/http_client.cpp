#include "http_client.h"

#include <cctype>
#include <cstdlib>
#include <sstream>

namespace stackplan::test {
namespace {

constexpr auto kRequestTimeout = std::chrono::seconds(30);

HttpResult parse_response(const std::string& raw) {
  HttpResult r;
  auto header_end = raw.find("\r\n\r\n");
  constexpr size_t kStatusLineStart = 12;  // "HTTP/1.1 200"
  if (raw.size() < kStatusLineStart || header_end == std::string::npos) return r;
  r.status = std::atoi(raw.c_str() + 9);
  std::istringstream lines(raw.substr(0, header_end));
  std::string line;
  std::getline(lines, line);
  while (std::getline(lines, line)) {
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = line.substr(0, colon);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ')) value.erase(0, 1);
    while (!value.empty() && (value.back() == '\r')) value.pop_back();
    r.headers[name] = value;
  }
  r.body = raw.substr(header_end + 4);
  return r;
}

// A response with Content-Length is complete once its body has arrived;
// others end when the server closes or the timeout passes.
bool complete(const std::string& raw) {
  HttpResult partial = parse_response(raw);
  auto length = partial.headers.find("content-length");
  return partial.status && length != partial.headers.end() &&
         partial.body.size() >= static_cast<size_t>(std::atol(length->second.c_str()));
}

}  // namespace

HttpResult exchange(const Socket& connection, const std::string& bytes,
                    std::chrono::milliseconds timeout) {
  send_all(connection.fd(), bytes);
  return parse_response(receive_until(connection.fd(), timeout, complete));
}

HttpResult raw_http(uint16_t port, const std::string& bytes, std::chrono::milliseconds timeout) {
  Socket connection = connect_loopback(port);
  if (!connection.valid()) return {};
  return exchange(connection, bytes, timeout);
}

HttpResult http(uint16_t port, const std::string& method, const std::string& target,
                const std::string& body, const std::map<std::string, std::string>& headers) {
  std::string request = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (const auto& [name, value] : headers) request += name + ": " + value + "\r\n";
  if (!body.empty() || method == "POST")
    request +=
        "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  request += "Connection: close\r\n\r\n" + body;
  return raw_http(port, request, kRequestTimeout);
}

}  // namespace stackplan::test
