// Network namespaces as hosts (issue 16: pushbench-mpi tested on one machine): N namespaces
// pushbench-m<pid>-<i>, each with one address 10.214.0.<i+1>/24 on one Ethernet segment. The
// bridge (pb-mpi-br) lives in host 0's namespace, which holds one veth end per other host, so
// deleting the namespaces deletes everything (and remove_stale_net_objects, stale.h, finds them
// after a kill -9 by their pid). Root only. Removed on destruction.
#pragma once

#include <string>
#include <vector>

#include "netns.h"

namespace pushbench {

class NetnsHosts {
 public:
  // Throws ConfigError (not root, no ip) or std::runtime_error (ip failed; what was made is
  // removed).
  explicit NetnsHosts(int hosts);
  ~NetnsHosts();
  NetnsHosts(const NetnsHosts&) = delete;
  NetnsHosts& operator=(const NetnsHosts&) = delete;

  int size() const noexcept { return static_cast<int>(names_.size()); }
  const std::string& name(int i) const { return names_.at(static_cast<size_t>(i)); }
  std::string address(int i) const;  // 10.214.0.<i+1>
  static const char* subnet() { return "10.214.0.0/24"; }
  static const char* bridge() { return "pb-mpi-br"; }
  // Host i's (i >= 1) link to host 0, for network conditions (net_shaper.h): down only, as host
  // 0's end is a bridge port; named h<i>.
  NetLink link(int i) const;
  // `cmd` run in host i: {ip, netns, exec, <name>}.
  std::vector<std::string> prefix(int i) const;
  // A shell script for ssh's place (Open MPI's plm_rsh_agent): called as `AGENT [options] HOST
  // COMMAND...`, it runs COMMAND in the namespace whose address HOST is. Each host's daemon keeps
  // its session directory in <session_base>/<namespace>: the namespaces share /tmp and the
  // hostname, and Open MPI's daemons on "two hosts" would otherwise make the same session
  // directories (/tmp/ompi.<hostname>.<uid>/...): "mkdir: File exists", and crashes writing
  // the same shared-memory topology file, seen in 2 of 3 runs.
  std::string rsh_agent_script(const std::string& session_base) const;

 private:
  std::vector<std::string> names_;
};

}  // namespace pushbench
