// The server's address for clients that open their own sockets (tcp, the lean HTTP engine),
// resolved once before their loop starts.
#pragma once

#include <sys/socket.h>

#include <string>

namespace pushbench {

struct ServerAddress {
  sockaddr_storage addr{};
  socklen_t len = 0;

  const sockaddr* get() const noexcept { return reinterpret_cast<const sockaddr*>(&addr); }
};

// host:port (numeric port); throws ConfigError naming --host when it does not resolve.
ServerAddress resolve_server(const std::string& host, int port);

}  // namespace pushbench
