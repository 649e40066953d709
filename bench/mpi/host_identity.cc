// Which host a pushbench-mpi rank runs on.
#include "host_identity.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <unistd.h>

#include <fmt/format.h>

#include <array>
#include <fstream>
#include <memory>
#include <stdexcept>

namespace pushbench {
namespace {
std::string first_ipv4(const std::string& iface) {
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) {
    return "";
  }
  const std::unique_ptr<ifaddrs, void (*)(ifaddrs*)> owned(list, freeifaddrs);
  for (const ifaddrs* a = list; a != nullptr; a = a->ifa_next) {
    if (a->ifa_addr == nullptr || a->ifa_addr->sa_family != AF_INET) {
      continue;
    }
    const bool wanted = iface.empty() ? (a->ifa_flags & IFF_UP) && !(a->ifa_flags & IFF_LOOPBACK)
                                      : iface == a->ifa_name;
    if (!wanted) {
      continue;
    }
    std::array<char, INET_ADDRSTRLEN> text{};
    const auto* in = reinterpret_cast<const sockaddr_in*>(a->ifa_addr);
    if (inet_ntop(AF_INET, &in->sin_addr, text.data(), text.size()) != nullptr) {
      return text.data();
    }
  }
  return "";
}
}  // namespace

HostIdentity this_host(const std::string& iface) {
  HostIdentity h;
  std::array<char, 256> name{};
  gethostname(name.data(), name.size() - 1);
  h.hostname = name.data();
  std::ifstream boot("/proc/sys/kernel/random/boot_id");
  std::getline(boot, h.boot_id);
  h.address = first_ipv4(iface);
  if (h.address.empty()) {
    if (!iface.empty()) {
      throw std::runtime_error(fmt::format("--iface {}: no IPv4 address on it", iface));
    }
    h.address = "127.0.0.1";
  }
  return h;
}

nlohmann::json to_json(const HostIdentity& h) {
  return {{"hostname", h.hostname}, {"boot_id", h.boot_id}, {"address", h.address}};
}

HostIdentity host_from_json(const nlohmann::json& j) {
  return {.hostname = j.at("hostname").get<std::string>(),
          .boot_id = j.at("boot_id").get<std::string>(),
          .address = j.at("address").get<std::string>()};
}

}  // namespace pushbench
