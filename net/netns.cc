// Network namespaces joined by a veth pair, and interface counters.
#include "netns.h"

#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <vector>

#include "config_error.h"
#include "parse.h"
#include "shell.h"

namespace pushbench {
namespace {
void ip(const std::string& args) { run_or_throw(fmt::format("/usr/sbin/ip {}", args), "--netns"); }
}  // namespace

std::optional<IfaceCounters> read_iface_counters(pid_t pid, const std::string& iface) {
  std::ifstream in(fmt::format("/proc/{}/net/dev", pid));
  for (std::string line; std::getline(in, line);) {
    const size_t colon = line.find(':');
    if (colon == std::string::npos) {
      continue;
    }
    std::string name = line.substr(0, colon);
    name.erase(0, name.find_first_not_of(' '));
    if (name != iface) {
      continue;
    }
    std::istringstream f(line.substr(colon + 1));
    IfaceCounters c;
    uint64_t skip = 0;
    f >> c.rx_bytes >> c.rx_packets;
    for (int i = 0; i < 6; ++i) {
      f >> skip;
    }
    f >> c.tx_bytes >> c.tx_packets;
    if (!f) {
      return std::nullopt;
    }
    return c;
  }
  return std::nullopt;
}

std::optional<uint64_t> read_tcp_retrans_segs(pid_t pid) {
  // Two "Tcp:" lines: the field names, then their values.
  std::ifstream in(fmt::format("/proc/{}/net/snmp", pid));
  std::vector<std::string> names;
  for (std::string line; std::getline(in, line);) {
    if (!line.starts_with("Tcp:")) {
      continue;
    }
    std::istringstream f(line.substr(4));
    if (names.empty()) {
      for (std::string n; f >> n;) {
        names.push_back(n);
      }
      continue;
    }
    for (const std::string& n : names) {
      std::string v;
      f >> v;
      if (n == "RetransSegs") {
        const auto n_segs = parse_int(v);
        return f && n_segs && *n_segs >= 0 ? std::optional<uint64_t>(*n_segs) : std::nullopt;
      }
    }
    return std::nullopt;
  }
  return std::nullopt;
}

size_t count_live_tcp(std::string_view proc_net_tcp) {
  constexpr std::string_view kQuiet[] = {"0A", "06", "07"};  // LISTEN, TIME_WAIT, CLOSE
  size_t live = 0;
  std::istringstream in{std::string(proc_net_tcp)};
  std::string line;
  std::getline(in, line);  // the header
  while (std::getline(in, line)) {
    std::istringstream f(line);
    std::string slot, local, remote, state;
    if (f >> slot >> local >> remote >> state &&
        std::find(std::begin(kQuiet), std::end(kQuiet), state) == std::end(kQuiet)) {
      ++live;
    }
  }
  return live;
}

std::optional<size_t> NetnsPair::live_tcp_connections() const {
  size_t live = 0;
  for (const std::string& ns : {server_, client_}) {
    const std::string text =
        run_capture(fmt::format("/usr/sbin/ip netns exec {} cat /proc/net/tcp", ns));
    if (text.empty()) {
      return std::nullopt;
    }
    live += count_live_tcp(text);
  }
  return live;
}

NetnsPair::NetnsPair()
    : server_(fmt::format("pushbench-s{}", getpid())),
      client_(fmt::format("pushbench-c{}", getpid())) {
  if (geteuid() != 0) {
    throw ConfigError("--netns needs root (it creates network namespaces and a veth pair)");
  }
  if (access("/usr/sbin/ip", X_OK) != 0) {
    throw ConfigError("--netns needs /usr/sbin/ip (Debian package iproute2)");
  }
  try {
    ip(fmt::format("netns add {}", server_));
    ip(fmt::format("netns add {}", client_));
    ip(fmt::format("link add pbs0 netns {} type veth peer name pbc0 netns {}", server_, client_));
    for (const auto& [ns, dev, addr] : {std::tuple{server_, "pbs0", "10.213.0.1/30"},
                                        std::tuple{client_, "pbc0", "10.213.0.2/30"}}) {
      // No IPv6 on the pair: its neighbour discovery would add packets of its own.
      ip(fmt::format("netns exec {} sysctl -q -w net.ipv6.conf.{}.disable_ipv6=1", ns, dev));
      ip(fmt::format("-n {} addr add {} dev {}", ns, addr, dev));
      ip(fmt::format("-n {} link set {} up", ns, dev));
      ip(fmt::format("-n {} link set lo up", ns));
    }
  } catch (...) {
    run_quiet(fmt::format("/usr/sbin/ip netns del {}", server_));
    run_quiet(fmt::format("/usr/sbin/ip netns del {}", client_));
    throw;
  }
}

NetnsPair::~NetnsPair() {
  // Deleting a namespace deletes the veth end inside it, and with it the pair, and every qdisc
  // and iptables rule in it.
  run_quiet(fmt::format("/usr/sbin/ip netns del {}", server_));
  run_quiet(fmt::format("/usr/sbin/ip netns del {}", client_));
}

}  // namespace pushbench
