// `pushbench run --netns`: server and client in network namespaces of their own, joined by a
// veth pair, so the client interface's counters give a second, independent byte and packet count
// (issue 4). Root only. The namespaces and the veth pair are removed on destruction; their names
// (pushbench-s<pid>, pushbench-c<pid>) let remove_stale_net_objects (stale.h) find them after a
// kill -9.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pushbench {

struct IfaceCounters {
  uint64_t rx_bytes = 0, rx_packets = 0, tx_bytes = 0, tx_packets = 0;  // incl. 14 B Ethernet
};

// The client interface's counters as seen by process `pid` (/proc/PID/net/dev is the view of
// that process's network namespace); nullopt when unreadable.
std::optional<IfaceCounters> read_iface_counters(pid_t pid, const std::string& iface);

// Segments TCP retransmitted in process `pid`'s network namespace since it was made (/proc/PID/
// net/snmp, Tcp RetransSegs): with --netns the server's namespace holds the server alone, so
// this is what it resent to the clients. nullopt when unreadable.
std::optional<uint64_t> read_tcp_retrans_segs(pid_t pid);

// TCP sockets in `proc_net_tcp` (the text of /proc/net/tcp) that may still send a packet of
// their own: every one but LISTEN, TIME_WAIT (it only answers) and CLOSE. After a cell's
// processes exit, their connections' closing handshakes are these.
size_t count_live_tcp(std::string_view proc_net_tcp);

// What network conditions go between (net_shaper.h): the server's namespace and interface, and a
// client's.
struct NetLink {
  std::string server_ns, server_if, client_ns, client_if;
  // "" for a NetnsPair's one link; else it names this link's delay stages and their files
  // (delay-<name>-down.json), as several links are shaped at once (netns_hosts.h).
  std::string name{};
  // The server's end is a bridge port (netns_hosts.h): iptables in the server's namespace sees
  // the packets on the bridge, not on the port, so only the down direction (server -> client,
  // applied in the client's namespace) can be shaped per link.
  bool down_only = false;
};

class NetnsPair {
 public:
  NetnsPair();  // throws ConfigError (not root) or std::runtime_error (ip failed)
  ~NetnsPair();
  NetnsPair(const NetnsPair&) = delete;
  NetnsPair& operator=(const NetnsPair&) = delete;

  std::vector<std::string> server_prefix() const {
    return {"/usr/sbin/ip", "netns", "exec", server_};
  }
  std::vector<std::string> client_prefix() const {
    return {"/usr/sbin/ip", "netns", "exec", client_};
  }
  const char* server_address() const noexcept { return "10.213.0.1"; }
  const char* client_address() const noexcept { return "10.213.0.2"; }
  const char* server_iface() const noexcept { return "pbs0"; }
  const char* client_iface() const noexcept { return "pbc0"; }
  const std::string& server_ns() const noexcept { return server_; }
  NetLink link() const { return {server_, server_iface(), client_, client_iface()}; }
  const std::string& client_ns() const noexcept { return client_; }
  // count_live_tcp of both namespaces together; nullopt when either could not be read.
  std::optional<size_t> live_tcp_connections() const;

 private:
  std::string server_;
  std::string client_;
};

}  // namespace pushbench
