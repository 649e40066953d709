// What the transport handlers share: the options, the mailboxes and the counters. Owned by
// Server, reached from every lws callback through lws_context_user().
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>

#include "clock.h"
#include "deadline_fifo.h"
#include "h2_frames.h"
#include "held_streams.h"
#include "mailbox.h"
#include "server_options.h"
#include "upstream.h"

struct lws;

namespace pushbench {

struct ServerCounters {
  uint64_t http_requests = 0;     // complete HTTP requests seen (any path)
  uint64_t h2_requests = 0;       // of which on an HTTP/2 stream
  uint64_t poll_requests = 0;     // valid GET /poll
  uint64_t poll_empty = 0;        // /poll and /longpoll answered 204
  uint64_t poll_events_sent = 0;  // events carried in /poll and /longpoll bodies
  uint64_t bad_requests = 0;      // answered 4xx
  uint64_t ws_accepted = 0;       // WebSocket connections established
  uint64_t ws_closed = 0;
  uint64_t ws_rejected = 0;       // upgrade refused with a 4xx
  uint64_t waiters_replaced = 0;  // a newer connection for a client took over its mailbox
  uint64_t ws_frames_sent = 0;
  uint64_t write_errors = 0;       // lws_write failures (connection closed)
  uint64_t tcp_accepted = 0;       // raw TCP connections whose "ID\n" was valid
  uint64_t tcp_closed = 0;         // raw TCP connections closed (any reason)
  uint64_t tcp_lines_sent = 0;     // events written as lines on raw TCP
  uint64_t longpoll_requests = 0;  // valid GET /longpoll
  uint64_t longpoll_held = 0;      // of which found nothing pending and were held
  uint64_t longpoll_timeouts = 0;  // held until the hang timeout, answered 204
  uint64_t sse_streams = 0;        // GET /sse streams opened
  uint64_t sse_resumed = 0;        // of which carried Last-Event-ID
  uint64_t sse_events_sent = 0;
  uint64_t sse_heartbeats = 0;        // SSE comment lines written (--sse-heartbeat)
  uint64_t send_requests = 0;         // POST /send answered 204 (chat, game over HTTP transports)
  uint64_t ws_messages_received = 0;  // upstream WebSocket messages (complete)
  uint64_t tcp_lines_received = 0;    // upstream raw TCP lines after the id line
  uint64_t ws_pings_sent = 0;         // --ws-ping keep-alive pings written
  uint64_t ws_pongs_received = 0;     // their answers
  uint64_t ws_pings_in_window = 0;    // of which inside the measured window
  uint64_t ws_pongs_in_window = 0;
  uint64_t grip_holds = 0;      // --grip-publish: long polls and SSE streams handed to Pushpin
  uint64_t grip_ws_opened = 0;  // --grip-publish: WebSocket-over-HTTP OPENs answered
};

// A held long poll and when its hang timeout passes (every hold has the same timeout).
struct LongPollHold {
  int64_t deadline_ns = 0;  // CLOCK_MONOTONIC
  lws* wsi = nullptr;
  int client = 0;
  unsigned serial = 0;
};

// A POST /send body as it arrives, and when it must be complete.
struct PendingBody {
  std::string body;
  int64_t deadline_ns = 0;  // CLOCK_MONOTONIC
};

struct ServerState {
  ServerOptions options;
  Mailboxes mailboxes;
  Upstream upstream;
  HeldStreams held;  // held long polls' and SSE streams' sockets, closed on input or hang-up
  ServerCounters counters;
  std::string scratch;  // response assembly buffer, reused (one loop, one thread)
  DeadlineFifo<LongPollHold> holds;
  std::unordered_map<const lws*, PendingBody> send_bodies;  // POST /send bodies being read
  unsigned next_hold_serial = 1;
  H2Frames h2;  // HTTP/2 frames written (--h2)
  // When the latest WebSocket handshake completed (CLOCK_MONOTONIC; 0: none): from the first
  // accept to this, the handshake rate (bench/scenarios/handshakes.sh).
  int64_t last_ws_established_ns = 0;

  // Where an HTTP/2 write made now is counted.
  H2Tally h2_tally() noexcept { return {options.h2 ? &h2 : nullptr, options.in_window(mono_ns())}; }

  explicit ServerState(const ServerOptions& o)
      : options(o),
        mailboxes(o.workload.clients, o.queue_cap, o.first_client, o.count > 0 ? o.count : -1),
        upstream(options, mailboxes) {}
};

}  // namespace pushbench
