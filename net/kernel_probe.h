// What this kernel offers for network conditions, probed at run time in a throwaway network
// namespace (pushbench-p<pid>): tc's netem, tbf and htb qdiscs, and iptables' statistic match
// and NFQUEUE target. Root only (it makes a namespace).
#pragma once

#include <string>

namespace pushbench {

struct NetFeatures {
  bool netem = false;
  bool tbf = false;
  bool htb = false;
  bool statistic = false;        // iptables -m statistic --mode random
  bool nfqueue = false;          // iptables -j NFQUEUE
  std::string describe() const;  // "netem no, tbf yes, ..."
};

// Throws std::runtime_error when the probe namespace cannot be made.
NetFeatures probe_net_features();

}  // namespace pushbench
