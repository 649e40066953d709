// How one repetition's clients and server are spread over processes (`pushbench run
// --client-procs K --server-procs S`): 20,000 open files per process here, so 100,000 clients
// need several of each. Client shard k holds a contiguous range of client ids and connects from
// a source address of its own (127.0.2.k+1: each address' ~28,000 ephemeral ports toward one
// destination then bound a shard, not the run; WebSocket shards excepted, below); server shard s
// listens on 127.0.1.s+1 and holds the client shards k with k * S / K == s (contiguous, so each
// server holds one id range and queues and counts its own clients' events alone,
// servers/mailbox.h). One shard of each is today's run: 127.0.0.1, no source address bound.
#pragma once

#include <string>

#include "run_options.h"
#include "transport.h"

namespace pushbench {

// Connections one client process is given when --client-procs is automatic.
constexpr int kClientsPerProc = 16'000;
// Over this many clients one server process would pass its open-file limit (20,000 less what it
// needs besides): --server-procs automatic shards the server, one process per kClientsPerProc.
constexpr int kClientsPerServer = 18'000;
// libcurl 7.88 looks for a reusable connection among every connection of its multi handle, so a
// request or a stream's read costs more the more connections one process holds. Past
// kClientsPerProc the clients that run on libcurl (sse, the -h2 transports, and poll, poll-close
// and longpoll on the curl engine) get this many per process: 100,000 idle sse clients in 7
// processes of ~14,300 saturated the client core and 68,795 of their streams ended and
// reconnected in the window; in 50 of 2,000 none did, all connected in 15.4 s.
constexpr int kCurlClientsPerProc = 2'000;

struct ShardPlan {
  int clients = 0;
  int client_procs = 1;
  int server_procs = 1;
  // Client shards bind source addresses of their own: on loopback (not --netns), and not for
  // WebSocket. lws 4.1.6 can only bind(addr, port 0) (no IP_BIND_ADDRESS_NO_PORT): each such
  // port is then reserved for every destination, and while 100,000 of them sat in TIME_WAIT
  // connect() found no free port for 60 s (a tcp run right after a 100,000-client ws run failed
  // with 3,557 connect errors). A ws shard needs none: each server shard has its own address,
  // and no server holds more than its ~20,000 open files of the ~28,000 ports per destination.
  bool bind_sources = true;

  int client_first(int k) const noexcept;
  int client_count(int k) const noexcept { return client_first(k + 1) - client_first(k); }
  int server_of(int k) const noexcept { return k * server_procs / client_procs; }
  // The client ids server s holds: its client shards' ranges, joined.
  int server_first(int s) const noexcept;
  int server_count(int s) const noexcept;
  // Where server s listens: 127.0.0.1 when there is one, 127.0.1.s+1 otherwise.
  std::string server_host(int s) const;
  // Client shard k's source address, 127.0.2.k+1; empty with one client process, --netns or
  // WebSocket.
  std::string source_address(int k) const;
  // Distinct client source addresses (1: the kernel's choice, 127.0.0.1 or the veth's).
  int source_addresses() const noexcept { return source_address(0).empty() ? 1 : client_procs; }
};

// The plan for `clients` clients of transport `t` with `o`'s --client-procs / --server-procs
// (0 = automatic). Throws ConfigError with a one-line reason when the shards cannot be made.
ShardPlan plan_shards(const RunOptions& o, Transport t, int clients);

}  // namespace pushbench
