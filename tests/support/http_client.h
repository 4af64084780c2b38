// A minimal blocking HTTP/1.1 client over loopback sockets: enough to talk to
// a server under test, and raw, so tests can also send malformed and
// half-finished requests.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "loopback.h"

namespace stackplan::test {

struct HttpResult {
  int status = 0;                              // 0: no answer
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  nlohmann::json json() const { return nlohmann::json::parse(body, nullptr, false); }
};

// One request on a fresh connection (Connection: close); a POST gets a JSON
// content type. Waits up to 30 s for the answer.
HttpResult http(uint16_t port, const std::string& method, const std::string& target,
                const std::string& body = "",
                const std::map<std::string, std::string>& headers = {});
// Sends raw bytes on a fresh connection and returns whatever came back
// (parsed) within the timeout.
HttpResult raw_http(uint16_t port, const std::string& bytes, std::chrono::milliseconds timeout);
// Sends bytes on an open connection and reads one response, leaving the
// connection open (keep-alive).
HttpResult exchange(const Socket& connection, const std::string& bytes,
                    std::chrono::milliseconds timeout);

}  // namespace stackplan::test
