// Target URLs: http://host[:port][/path][?query]. Only plain HTTP: the load
// generator measures services on a network the user controls.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <string>
#include <string_view>

#include "core/status.h"

namespace stackplan::load {

struct Url {
  std::string host;  // as written, for the Host header
  int port = 80;
  std::string path_and_query;  // "/" when empty
  // "host" or "host:port" as it goes in the Host header.
  std::string host_header() const;
};

Result<Url> parse_url(std::string_view text);

// A resolved address to connect to.
struct Endpoint {
  sockaddr_storage address{};
  socklen_t length = 0;
  std::string describe() const;  // "127.0.0.1:8080"
};

// Resolves host:port (numeric or by name, IPv4 preferred).
Result<Endpoint> resolve(const Url& url);

}  // namespace stackplan::load
