// Which host a pushbench-mpi rank runs on, and the address it serves and measures on. Two ranks
// share a host (and so a CLOCK_MONOTONIC: the exact latency method applies, docs/method.md)
// when their boot ids are equal (/proc/sys/kernel/random/boot_id: new at every boot, distinct
// between machines; network namespaces share it, so namespaces as hosts are one host's clock).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace pushbench {

struct HostIdentity {
  std::string hostname;
  std::string boot_id;
  std::string address;  // IPv4 the rank's server listens on / its clients connect from

  bool same_clock(const HostIdentity& o) const noexcept { return boot_id == o.boot_id; }
};

// This host: `iface`'s first IPv4 address; with `iface` empty the first non-loopback interface
// that is up and has one (namespaces as hosts: their one address), else 127.0.0.1. Throws
// std::runtime_error when `iface` is given and has no IPv4 address.
HostIdentity this_host(const std::string& iface);

nlohmann::json to_json(const HostIdentity& h);
HostIdentity host_from_json(const nlohmann::json& j);

}  // namespace pushbench
