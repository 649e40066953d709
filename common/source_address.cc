// A client socket's own source address.
#include "source_address.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

namespace pushbench {

std::optional<uint32_t> parse_ipv4(const std::string& text) noexcept {
  in_addr a{};
  if (inet_pton(AF_INET, text.c_str(), &a) != 1) {
    return std::nullopt;
  }
  return a.s_addr;
}

bool bind_source_address(int fd, uint32_t addr_be) noexcept {
  if (addr_be == 0) {
    return true;
  }
  const int one = 1;
  if (setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one) != 0) {
    return false;
  }
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = addr_be;
  a.sin_port = 0;
  return bind(fd, reinterpret_cast<const sockaddr*>(&a), sizeof a) == 0;
}

}  // namespace pushbench
