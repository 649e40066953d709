// What the transport handlers share: the options, the mailboxes and the counters. Owned by
// Server, reached from every lws callback through lws_context_user().
#pragma once

#include <cstdint>
#include <string>

#include "mailbox.h"
#include "server_options.h"

namespace pushbench {

struct ServerCounters {
  uint64_t http_requests = 0;     // complete HTTP requests seen (any path)
  uint64_t poll_requests = 0;     // valid GET /poll
  uint64_t poll_empty = 0;        // of which answered 204
  uint64_t poll_events_sent = 0;  // events carried in /poll bodies
  uint64_t bad_requests = 0;      // answered 4xx
  uint64_t ws_accepted = 0;       // WebSocket connections established
  uint64_t ws_closed = 0;
  uint64_t ws_rejected = 0;       // upgrade refused with a 4xx
  uint64_t waiters_replaced = 0;  // a newer connection for a client took over its mailbox
  uint64_t ws_frames_sent = 0;
  uint64_t write_errors = 0;      // lws_write failures (connection closed)
};

struct ServerState {
  ServerOptions options;
  Mailboxes mailboxes;
  ServerCounters counters;
  std::string scratch;  // response assembly buffer, reused (one loop, one thread)

  explicit ServerState(const ServerOptions& o)
      : options(o), mailboxes(o.workload.clients, o.queue_cap) {}
};

}  // namespace pushbench
