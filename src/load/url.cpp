#include "load/url.h"

#include <arpa/inet.h>
#include <netdb.h>

#include <cstring>

namespace stackplan::load {

std::string Url::host_header() const {
  return port == 80 ? host : host + ":" + std::to_string(port);
}

Result<Url> parse_url(std::string_view text) {
  Url url;
  std::string_view rest = text;
  if (rest.substr(0, 7) == "http://") {
    rest.remove_prefix(7);
  } else if (rest.substr(0, 8) == "https://") {
    return Error("https is not supported (plain HTTP only): " + std::string(text));
  } else if (rest.find("://") != std::string_view::npos) {
    return Error("unsupported URL scheme: " + std::string(text));
  }
  size_t slash = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? "" : rest.substr(slash);
  if (authority.empty()) return Error("URL has no host: " + std::string(text));
  if (authority.front() == '[') {
    size_t close = authority.find(']');
    if (close == std::string_view::npos)
      return Error("bad IPv6 address in URL: " + std::string(text));
    url.host = std::string(authority.substr(1, close - 1));
    authority.remove_prefix(close + 1);
    if (!authority.empty() && authority.front() != ':')
      return Error("bad URL: " + std::string(text));
  } else {
    size_t colon = authority.rfind(':');
    url.host = std::string(authority.substr(0, colon));
    authority = colon == std::string_view::npos ? "" : authority.substr(colon);
  }
  if (!authority.empty()) {  // ":port"
    authority.remove_prefix(1);
    int port = 0;
    if (authority.empty() || authority.size() > 5)
      return Error("bad port in URL: " + std::string(text));
    for (char c : authority) {
      if (c < '0' || c > '9') return Error("bad port in URL: " + std::string(text));
      port = port * 10 + (c - '0');
    }
    if (port < 1 || port > 65535) return Error("bad port in URL: " + std::string(text));
    url.port = port;
  }
  if (url.host.empty()) return Error("URL has no host: " + std::string(text));
  url.path_and_query = path.empty() ? "/" : std::string(path);
  if (url.path_and_query.front() == '?') url.path_and_query.insert(0, "/");
  return url;
}

std::string Endpoint::describe() const {
  char buf[INET6_ADDRSTRLEN] = {0};
  int port = 0;
  if (address.ss_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(&address);
    inet_ntop(AF_INET, &in->sin_addr, buf, sizeof buf);
    port = ntohs(in->sin_port);
    return std::string(buf) + ":" + std::to_string(port);
  }
  const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&address);
  inet_ntop(AF_INET6, &in6->sin6_addr, buf, sizeof buf);
  port = ntohs(in6->sin6_port);
  return "[" + std::string(buf) + "]:" + std::to_string(port);
}

Result<Endpoint> resolve(const Url& url) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  std::string port = std::to_string(url.port);
  int rc = getaddrinfo(url.host.c_str(), port.c_str(), &hints, &found);
  if (rc != 0) return Error("cannot resolve " + url.host + ": " + gai_strerror(rc));
  const addrinfo* pick = found;
  for (const addrinfo* a = found; a; a = a->ai_next)
    if (a->ai_family == AF_INET) {
      pick = a;
      break;
    }
  Endpoint endpoint;
  std::memcpy(&endpoint.address, pick->ai_addr, pick->ai_addrlen);
  endpoint.length = pick->ai_addrlen;
  freeaddrinfo(found);
  return endpoint;
}

}  // namespace stackplan::load
