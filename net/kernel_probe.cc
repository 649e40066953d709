// Probes tc qdiscs and iptables extensions in a namespace of its own.
#include "kernel_probe.h"

#include <unistd.h>

#include <fmt/format.h>

#include "shell.h"

namespace pushbench {
namespace {
const char* yes(bool b) { return b ? "yes" : "no"; }
}  // namespace

std::string NetFeatures::describe() const {
  return fmt::format("netem {}, tbf {}, htb {}, iptables statistic {}, iptables NFQUEUE {}",
                     yes(netem), yes(tbf), yes(htb), yes(statistic), yes(nfqueue));
}

NetFeatures probe_net_features() {
  const std::string ns = fmt::format("pushbench-p{}", getpid());
  run_or_throw(fmt::format("/usr/sbin/ip netns add {}", ns), "probing the kernel");
  const std::string in = fmt::format("/usr/sbin/ip netns exec {} ", ns);
  // Each qdisc replaces the last on the namespace's own loopback, which carries nothing.
  auto qdisc = [&in](const char* spec) {
    return run_quiet(in + "/usr/sbin/tc qdisc replace dev lo root " + spec);
  };
  auto rule = [&in](const char* spec) {
    return run_quiet(in + "/usr/sbin/iptables -w -t mangle -A PREROUTING " + spec);
  };
  NetFeatures f;
  f.netem = qdisc("netem delay 1ms");
  f.tbf = qdisc("tbf rate 1mbit burst 16kb limit 64kb");
  f.htb = qdisc("handle 1: htb");
  f.statistic = rule("-m statistic --mode random --probability 0.5 -j DROP");
  f.nfqueue = rule("-j NFQUEUE --queue-num 1 --queue-bypass");
  run_quiet(fmt::format("/usr/sbin/ip netns del {}", ns));  // and all it held
  return f;
}

}  // namespace pushbench
