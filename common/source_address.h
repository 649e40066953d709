// A client socket's own source address (`pushbench-client --source-address`): each client shard
// of `pushbench run` connects from an address of its own in 127.0.0.0/8, so the ~28,000
// ephemeral ports of one (source, destination) pair bound each shard, not the whole run.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace pushbench {

// `text` as an IPv4 address in network byte order, or nullopt when it is not one.
std::optional<uint32_t> parse_ipv4(const std::string& text) noexcept;

// Binds `fd` (an IPv4 TCP socket not yet connected) to `addr_be` with the port left to
// connect() (IP_BIND_ADDRESS_NO_PORT: a port is then unique per 4-tuple, not per address).
// addr_be 0: nothing to do. False when a system call failed (errno says why).
bool bind_source_address(int fd, uint32_t addr_be) noexcept;

}  // namespace pushbench
