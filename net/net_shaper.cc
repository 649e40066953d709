// tc, iptables and pushbench-delay on the veth pair.
#include "net_shaper.h"

#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <sstream>
#include <string>

#include "clock.h"
#include "config_error.h"
#include "parse.h"
#include "shell.h"
#include "stale.h"

namespace pushbench {
namespace {
constexpr const char* kComment = "-m comment --comment pushbench-net";
constexpr int kDelayQueue = 213;  // NFQUEUE number; queues are per namespace
constexpr int64_t kStageStartNs = 5 * kNsPerSec;
constexpr int64_t kStageStopNs = 5 * kNsPerSec;

std::string in_ns(const std::string& ns, const std::string& cmd) {
  return fmt::format("/usr/sbin/ip netns exec {} {}", ns, cmd);
}

}  // namespace

std::optional<uint64_t> tbf_drops(std::string_view tc_stats) {
  // "qdisc tbf 10: root ... \n Sent 123 bytes 4 pkt (dropped 5, overlimits 6 requeues 0)"
  const size_t qdisc = tc_stats.find("qdisc tbf");
  if (qdisc == std::string_view::npos) {
    return std::nullopt;
  }
  const size_t at = tc_stats.find("(dropped ", qdisc);
  if (at == std::string_view::npos) {
    return std::nullopt;
  }
  std::string_view rest = tc_stats.substr(at + 9);
  rest = rest.substr(0, rest.find(','));
  const auto n = parse_int(rest);
  return n && *n >= 0 ? std::optional<uint64_t>(static_cast<uint64_t>(*n)) : std::nullopt;
}

std::optional<uint64_t> loss_rule_drops(std::string_view listing) {
  // "Chain PREROUTING (policy ACCEPT 0 packets, 0 bytes)\n    pkts      bytes target ...\n
  //      105     6090 DROP       0    --  pbc0   *  ... probability 0.02 /* pushbench-net */"
  if (listing.find("Chain PREROUTING") == std::string_view::npos) {
    return std::nullopt;
  }
  uint64_t drops = 0;
  std::istringstream in{std::string(listing)};
  for (std::string line; std::getline(in, line);) {
    if (line.find("/* pushbench-net */") == std::string::npos) {
      continue;
    }
    std::istringstream f(line);
    std::string pkts, bytes, target;
    if (!(f >> pkts >> bytes >> target) || target != "DROP") {
      continue;
    }
    const auto n = parse_int(pkts);
    if (!n || *n < 0) {
      return std::nullopt;
    }
    drops += static_cast<uint64_t>(*n);
  }
  return drops;
}

namespace {
// tbf for `mbit`: a 4 ms burst (at least four full frames) and a 100 ms queue.
std::string tbf(double mbit) {
  const double bytes_per_s = mbit * 1e6 / 8;
  const long burst = std::max(4 * 1514L, std::lround(bytes_per_s * 0.004));
  const long limit = burst + std::lround(bytes_per_s * 0.1);
  return fmt::format("tbf rate {}kbit burst {} limit {}", std::lround(mbit * 1000), burst, limit);
}
}  // namespace

NetShaper::NetShaper(const NetConditions& c, const NetLink& link, const NetShaperOptions& o) {
  mechanisms_.features = probe_net_features();
  const NetFeatures& f = mechanisms_.features;
  const std::string have = f.describe();
  if (c.shapes() && !f.tbf) {
    throw ConfigError(
        fmt::format("--bandwidth needs the tbf qdisc, which this kernel lacks ({})", have));
  }
  if (c.loses() && !f.statistic) {
    throw ConfigError(
        fmt::format("--loss needs iptables' statistic match, which this kernel lacks ({})", have));
  }
  if (c.delays() && !f.netem) {
    if (!f.nfqueue) {
      throw ConfigError(fmt::format(
          "--rtt/--jitter need netem or iptables' NFQUEUE target, this kernel has neither ({})",
          have));
    }
    if (o.delay_binary.empty() || access(o.delay_binary.c_str(), X_OK) != 0) {
      throw ConfigError(
          "--rtt/--jitter need pushbench-delay (this kernel has no netem), which was not built "
          "(install libnetfilter-queue-dev and rebuild)");
    }
  }
  mechanisms_.delay = !c.delays() ? "none" : f.netem ? "netem" : "pushbench-delay (NFQUEUE)";
  mechanisms_.rate = c.shapes() ? "tbf" : "none";
  mechanisms_.loss = c.loses() ? "iptables statistic random" : "none";
  const std::string prefix = link.name.empty() ? "" : link.name + "-";
  const Direction down{prefix + "down", link.server_ns, link.server_if, link.client_ns,
                       link.client_if,  c.down_mbit,    o.down_cpu};
  const Direction up{prefix + "up",  link.client_ns, link.client_if, link.server_ns,
                     link.server_if, c.up_mbit,      o.up_cpu};
  std::vector<const Direction*> directions = {&down, &up};
  if (link.down_only) {
    directions.pop_back();
  }
  try {
    // Real links carry frames, not 64 KB GSO super-packets: without this one lost "packet"
    // could be 45 segments and tbf would meter bursts. TCP sizes its skbs to the device's limit.
    for (const Direction* d : directions) {
      run(d->send_ns, fmt::format("/usr/sbin/ip link set dev {} gso_max_segs 1", d->send_if), "");
    }
    for (size_t i = 0; i < directions.size(); ++i) {
      apply(*directions[i], c, o, o.seed * 2 + 1 + i);
    }
  } catch (...) {
    remove();
    throw;
  }
}

NetShaper::~NetShaper() { remove(); }

std::optional<uint64_t> NetShaper::rate_drops() const {
  uint64_t drops = 0;
  for (const auto& [ns, dev] : shaped_) {
    const std::string text =
        run_capture(in_ns(ns, fmt::format("/usr/sbin/tc -s qdisc show dev {}", dev)));
    const auto counts = tbf_drops(text);
    if (!counts) {
      return std::nullopt;
    }
    drops += *counts;
  }
  return drops;
}

std::optional<uint64_t> NetShaper::loss_drops() const {
  uint64_t drops = 0;
  for (const std::string& ns : lossy_) {
    const auto n = loss_rule_drops(
        run_capture(in_ns(ns, "/usr/sbin/iptables -w -t raw -L PREROUTING -v -x -n")));
    if (!n) {
      return std::nullopt;
    }
    drops += *n;
  }
  return drops;
}

void NetShaper::run(const std::string& ns, const std::string& cmd, const std::string& undo) {
  run_or_throw(in_ns(ns, cmd), "network conditions");
  if (!undo.empty()) {
    undo_.push_back(in_ns(ns, undo));
  }
}

void NetShaper::apply(const Direction& d, const NetConditions& c, const NetShaperOptions& o,
                      uint64_t seed) {
  const std::string root = fmt::format("/usr/sbin/tc qdisc del dev {} root", d.send_if);
  const std::string add = fmt::format("/usr/sbin/tc qdisc add dev {} ", d.send_if);
  const bool netem = c.delays() && mechanisms_.features.netem;
  if (netem) {
    // netem's jitter is +-J: half the width asked for. A tbf below it caps the rate.
    run(d.send_ns,
        add + fmt::format("root handle 1: netem delay {}ms {}ms", c.rtt_ms / 2, c.jitter_ms / 2),
        root);
    if (d.mbit > 0) {
      run(d.send_ns, add + "parent 1:1 handle 10: " + tbf(d.mbit), "");
    }
  } else if (d.mbit > 0) {
    run(d.send_ns, add + "root handle 1: " + tbf(d.mbit), root);
  }
  if (d.mbit > 0) {
    shaped_.emplace_back(d.send_ns, d.send_if);
  }
  if (c.loses()) {
    const std::string rule =
        fmt::format("PREROUTING -i {} -m statistic --mode random --probability {:.6f} {} -j DROP",
                    d.recv_if, c.loss_pct / 100, kComment);
    run(d.recv_ns, "/usr/sbin/iptables -w -t raw -A " + rule,
        "/usr/sbin/iptables -w -t raw -D " + rule);
    lossy_.push_back(d.recv_ns);
  }
  if (c.delays() && !netem) {
    // The stage rewrites its stats every 100 ms: on tmpfs, as a file in the run directory on
    // this VM's disk stalled it for 250-560 ms now and then (renames took 3-4 ms; measured at
    // lan, 250 SSE clients: 500 spurious server retransmissions, p99 169 ms; with the file on
    // tmpfs none, p99 11-21 ms). remove() copies the final stats into stats_dir.
    const std::string stats = delay_snapshot_path(getpid(), d.name);
    const std::vector<std::string> argv = {"/usr/sbin/ip",
                                           "netns",
                                           "exec",
                                           d.recv_ns,
                                           o.delay_binary,
                                           "--queue",
                                           std::to_string(kDelayQueue),
                                           "--delay-ms",
                                           fmt::format("{}", c.rtt_ms / 2),
                                           "--jitter-ms",
                                           fmt::format("{}", c.jitter_ms),
                                           "--seed",
                                           std::to_string(seed),
                                           "--stats",
                                           stats};
    auto& stage = stages_.emplace_back(std::make_unique<ChildProcess>(
        argv, d.cpu, fmt::format("{}/delay-{}.log", o.stats_dir, d.name)));
    const auto line = stage->read_line(mono_ns() + kStageStartNs);
    if (!line || *line != "ready") {
      throw std::runtime_error(
          fmt::format("pushbench-delay ({}) did not start: {}", d.name, stage->describe()));
    }
    stats_paths_.push_back(stats);
    stage_names_.push_back(d.name);
    final_stats_.push_back(fmt::format("{}/delay-{}.json", o.stats_dir, d.name));
    const std::string rule =
        fmt::format("PREROUTING -i {} {} -j NFQUEUE --queue-num {} --queue-bypass", d.recv_if,
                    kComment, kDelayQueue);
    run(d.recv_ns, "/usr/sbin/iptables -w -t mangle -A " + rule,
        "/usr/sbin/iptables -w -t mangle -D " + rule);
  }
}

void NetShaper::remove() noexcept {
  // Rules and qdiscs first (newest first), so no packet is queued to a stage that is stopping;
  // then the stages, which accept every packet they still hold as they exit.
  for (auto it = undo_.rbegin(); it != undo_.rend(); ++it) {
    run_quiet(*it);
  }
  undo_.clear();
  for (auto& stage : stages_) {
    stage->terminate(kStageStopNs);
  }
  stages_.clear();
  // The stages wrote their final stats as they exited: into the run directory with them.
  for (size_t i = 0; i < stats_paths_.size(); ++i) {
    std::error_code ec;
    if (i < final_stats_.size()) {
      std::filesystem::copy_file(stats_paths_[i], final_stats_[i],
                                 std::filesystem::copy_options::overwrite_existing, ec);
    }
    std::filesystem::remove(stats_paths_[i], ec);
  }
}

void NetShaper::check_alive() {
  for (size_t i = 0; i < stages_.size(); ++i) {
    if (!stages_[i]->running()) {
      throw std::runtime_error(fmt::format("pushbench-delay ({}) {}: packets passed undelayed",
                                           stage_names_[i], stages_[i]->describe()));
    }
  }
}

std::vector<pid_t> NetShaper::delay_pids() const {
  std::vector<pid_t> pids;
  for (const auto& stage : stages_) {
    pids.push_back(stage->pid());
  }
  return pids;
}

std::vector<std::string> NetShaper::delay_stats_paths() const { return stats_paths_; }

}  // namespace pushbench
