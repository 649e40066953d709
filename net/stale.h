// Removes what a killed pushbench left behind. Everything pushbench's network layer makes lives
// in network namespaces named pushbench-s<pid> / pushbench-c<pid> (NetnsPair) or
// pushbench-p<pid> (the kernel probe): the veth pair, qdiscs, iptables rules and the processes
// run inside (server, client, pushbench-delay). A namespace whose <pid> is no longer a running
// pushbench process is stale: its processes are killed and it is deleted, and with it all it
// held. Nothing outside those namespaces is touched.
#pragma once

#include <string>
#include <vector>

namespace pushbench {

// The stale namespaces' names among `ip netns list`'s output (pure; `alive` says whether the
// owner pid is a running pushbench process).
std::vector<std::string> stale_namespaces(const std::string& ip_netns_list,
                                          bool (*alive)(long pid));

// Removes every stale namespace and what runs in it; returns the names removed.
std::vector<std::string> remove_stale_net_objects();

}  // namespace pushbench
