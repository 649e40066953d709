// Removes what a killed pushbench left behind. Everything pushbench's network layer makes lives
// in network namespaces named pushbench-s<pid> / pushbench-c<pid> (NetnsPair) or
// pushbench-p<pid> (the kernel probe), or pushbench-m<pid>-<i> (namespaces as hosts,
// netns_hosts.h): the veth pair, qdiscs, iptables rules and the processes
// run inside (server, client, pushbench-delay). A namespace whose <pid> is no longer a running
// pushbench process is stale: its processes are killed and it is deleted, and with it all it
// held. The one thing outside them is each delay stage's stats snapshot on tmpfs,
// /dev/shm/pushbench-delay-<pid>-<down|up>.json, removed the same way. Nothing else is touched.
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>
#include <vector>

namespace pushbench {

// The stale namespaces' names among `ip netns list`'s output (pure; `alive` says whether the
// owner pid is a running pushbench process).
std::vector<std::string> stale_namespaces(const std::string& ip_netns_list,
                                          bool (*alive)(long pid));

// Where the delay stage of `owner`'s run for `direction` ("down", "up") keeps its snapshot.
std::string delay_snapshot_path(pid_t owner, std::string_view direction);
// The stale snapshots among file names (pure; as stale_namespaces).
std::vector<std::string> stale_snapshots(const std::vector<std::string>& file_names,
                                         bool (*alive)(long pid));

// Removes every stale namespace and what runs in it, and stale snapshots; returns the
// namespaces' names.
std::vector<std::string> remove_stale_net_objects();

}  // namespace pushbench
