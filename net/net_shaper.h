// Applies NetConditions to a NetLink: the veth pair between a NetnsPair's namespaces, or a client
// host's link to the server host of namespaces as hosts (netns_hosts.h, down only); removes it
// all on destruction. Both ends send frames of one MTU (gso_max_segs 1: no GSO super-packets, so
// loss and rate act on real packets). Per direction (down: server -> client, up: client -> server):
//   rate   tbf on the sending end's egress (burst 4 ms of the rate, >= 4 full frames; a 100 ms
//          queue behind it, then tail drop, as a real bottleneck link);
//   loss   iptables `-m statistic --mode random` DROP in the receiving namespace's raw
//          PREROUTING (the packet was sent and is lost on the way);
//   delay  netem on the sending end when the kernel has it, else one pushbench-delay per
//          direction on an NFQUEUE in the receiving namespace's mangle PREROUTING (with
//          --queue-bypass: a dead stage lets packets through undelayed rather than dropping
//          them). Each direction gets half the RTT and its own seed.
// Every rule carries the comment "pushbench-net"; everything lives inside the two namespaces, so
// deleting them (NetnsPair, or remove_stale_net_objects after a kill -9) removes it too.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "child_process.h"
#include "kernel_probe.h"
#include "net_conditions.h"
#include "netns.h"

namespace pushbench {

struct NetShaperOptions {
  std::string delay_binary;  // pushbench-delay's path
  // The delay stages' final stats (delay-down.json, delay-up.json) and logs. While they run,
  // their 100 ms snapshots are on tmpfs (delay_snapshot_path).
  std::string stats_dir;
  uint64_t seed = 1;
  // The CPU each direction's delay stage is pinned to (-1: not pinned). pushbench run pins the
  // down stage (in the client's namespace) to the server's core and the up stage to the
  // client's: the receiving stack's work its verdicts carry lands on the sender's core, as over
  // loopback, and its CPU time is on a known core (foreign_load subtracts it there).
  int down_cpu = -1;
  int up_cpu = -1;
};

// Which mechanism applies each condition ("none" when it is not asked for).
struct NetMechanisms {
  std::string delay = "none";  // "netem" or "pushbench-delay (NFQUEUE)"
  std::string rate = "none";   // "tbf"
  std::string loss = "none";   // "iptables statistic random"
  NetFeatures features;        // what the probe found
};

// The "dropped N" of the tbf in `tc -s qdisc show` output; nullopt when there is none.
std::optional<uint64_t> tbf_drops(std::string_view tc_stats);
// The packets pushbench's loss rules dropped, from `iptables -t raw -L PREROUTING -v -x -n`: the
// first column of each DROP rule with the comment pushbench-net, summed; nullopt when the listing
// has no chain.
std::optional<uint64_t> loss_rule_drops(std::string_view iptables_listing);

class NetShaper {
 public:
  // Throws ConfigError with a one-line reason when the kernel lacks a feature the conditions
  // need or pushbench-delay is missing, std::runtime_error when a command fails; whatever it
  // had applied is removed first.
  NetShaper(const NetConditions& conditions, const NetLink& link, const NetShaperOptions& o);
  ~NetShaper();
  NetShaper(const NetShaper&) = delete;
  NetShaper& operator=(const NetShaper&) = delete;

  const NetMechanisms& mechanisms() const noexcept { return mechanisms_; }
  // Throws std::runtime_error when a delay stage has died: since then its direction's packets
  // passed undelayed (--queue-bypass), so what was measured was not the conditions asked for.
  void check_alive();
  // The pids of the running delay stages (empty with netem or without delay).
  std::vector<pid_t> delay_pids() const;
  // Packets the rate caps (tbf) dropped so far, both directions (tc -s qdisc: "dropped N"): their
  // queue overflowed, so the cap, not the transport, set the pace. 0 without a rate cap; nullopt
  // when tc could not be read.
  std::optional<uint64_t> rate_drops() const;
  // Packets the loss rules dropped so far, both directions; 0 without loss; nullopt when
  // iptables could not be read.
  std::optional<uint64_t> loss_drops() const;
  // Each delay stage's stats file, in delay_pids()' order (down, up), rewritten by the stage
  // every 100 ms (on tmpfs; copied into stats_dir at the end).
  std::vector<std::string> delay_stats_paths() const;

 private:
  struct Direction {
    std::string name;  // "down" or "up", after the link's name if it has one
    std::string send_ns, send_if, recv_ns, recv_if;
    double mbit;
    int cpu;  // its delay stage's
  };
  void apply(const Direction& d, const NetConditions& c, const NetShaperOptions& o, uint64_t seed);
  void run(const std::string& ns, const std::string& cmd, const std::string& undo);
  void remove() noexcept;

  NetMechanisms mechanisms_;
  std::vector<std::string> undo_;  // run in reverse on destruction
  std::vector<std::unique_ptr<ChildProcess>> stages_;
  std::vector<std::string> stats_paths_;  // the stages' snapshots, on tmpfs
  std::vector<std::string> stage_names_;  // their directions' names
  std::vector<std::string> final_stats_;  // where remove() copies them (stats_dir)
  std::vector<std::pair<std::string, std::string>> shaped_;  // (namespace, device) with a tbf
  std::vector<std::string> lossy_;                           // the namespaces with a loss rule
};

}  // namespace pushbench
