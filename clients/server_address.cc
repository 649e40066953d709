// The server's address, resolved once.
#include "server_address.h"

#include <netdb.h>

#include <fmt/format.h>

#include <cstring>

#include "config_error.h"

namespace pushbench {

ServerAddress resolve_server(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* res = nullptr;
  const int rc = getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &res);
  if (rc != 0 || res == nullptr) {
    throw ConfigError(fmt::format("cannot resolve --host {}: {}", host, gai_strerror(rc)));
  }
  ServerAddress out;
  std::memcpy(&out.addr, res->ai_addr, res->ai_addrlen);
  out.len = res->ai_addrlen;
  freeaddrinfo(res);
  return out;
}

}  // namespace pushbench
