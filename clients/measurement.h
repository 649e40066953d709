// What every client session records, whatever its transport: delivery against the schedule,
// latency from the planned publish time, requests, connections and bytes inside the window.
// Sessions call the hooks; the window edges are driven by tick().
#pragma once

#include <cstdint>
#include <string>

#include "client_options.h"
#include "clock.h"
#include "delivery.h"
#include "event.h"
#include "latency.h"
#include "socket_meter.h"

namespace pushbench {

struct ClientCounters {
  uint64_t requests = 0;           // HTTP requests completed in the window (ws: handshakes)
  uint64_t empty_responses = 0;    // of which carried no event (204)
  uint64_t late_polls = 0;         // polls issued after their due time (previous one still open)
  uint64_t sse_reconnects = 0;     // SSE streams resumed with Last-Event-ID (whole run)
  uint64_t churn_reconnects = 0;   // connections dropped and reopened by --churn (whole run)
  uint64_t http_header_bytes = 0;  // HTTP request + response header bytes in the window
  // HTTP/2 requests' HPACK header blocks (hpack_replay.h): each connection's first (whole run:
  // most are sent before the window) and the later ones inside the window.
  uint64_t h2_first_blocks = 0;
  uint64_t h2_first_block_bytes = 0;
  uint64_t h2_blocks_in_window = 0;  // first or not
  uint64_t h2_steady_blocks = 0;
  uint64_t h2_steady_block_bytes = 0;
  uint64_t ws_established = 0;      // WebSocket handshakes completed (whole run, reconnects too)
  uint64_t deflate_negotiated = 0;  // of which with permessage-deflate accepted by the server
  // Upstream (chat, game), counted only for sends planned inside the window:
  uint64_t messages_sent = 0;      // messages handed to the transport (written or requested)
  uint64_t upstream_requests = 0;  // of which went up as POST /send (HTTP transports), completed
  uint64_t upstream_failed = 0;    // POST /send without a 2xx, or a send that could not be made
  uint64_t upstream_bytes = 0;     // POST /send request (headers + body) + response bytes
  // Errors are counted over the whole run: any of them means the row is suspect.
  uint64_t err_connect = 0;   // connections that failed or dropped
  uint64_t err_status = 0;    // unexpected HTTP status
  uint64_t err_protocol = 0;  // unparseable body or frame
  uint64_t err_payload = 0;   // event of the wrong size
  uint64_t err_schedule = 0;  // event whose t_ns is not the schedule's planned time
};

class Measurement {
 public:
  explicit Measurement(const ClientOptions& options);

  // One event received by `client` at rx_ns (CLOCK_MONOTONIC when its bytes were read).
  void on_event(int client, const ParsedEvent& ev, int64_t rx_ns) noexcept;
  // Counted only while the window is open.
  void on_request(bool empty) noexcept;
  // The upstream message planned at planned_ns (CLOCK_MONOTONIC) left the client at sent_ns:
  // counted, and its send lag recorded, when planned_ns is inside the window.
  void on_message_sent(int64_t planned_ns, int64_t sent_ns) noexcept;
  // A POST /send completed (ok = 2xx) for a message planned at planned_ns.
  void on_upstream_request(int64_t planned_ns, bool ok) noexcept;
  // The bytes one completed POST /send carried, both directions (curl's request and response
  // sizes), for a message planned at planned_ns.
  void on_upstream_bytes(int64_t planned_ns, uint64_t bytes) noexcept;
  bool in_window(int64_t mono) const noexcept {
    return mono >= options_.window_start_ns() && mono < options_.window_end_ns();
  }
  // HTTP request + response header bytes of one exchange (or handshake); counted only while the
  // window is open.
  void on_header_bytes(uint64_t n) noexcept;
  // An HTTP/2 request's header block of `bytes` (the first on its connection or not) completed:
  // counted as above, and as a first or steady-state block. Its response's block is the
  // server's to count.
  void on_h2_request_block(uint64_t bytes, bool first) noexcept;
  ClientCounters& counters() noexcept { return counters_; }
  // A connection failed or dropped (counted in err_connect). The first one after the server's
  // last answer starts the give-up clock (--give-up): the client gives up when connections
  // still fail that long after it with no answer between.
  void on_connect_error(int64_t now_ns = mono_ns()) noexcept;
  // The server answered (a connection opened, a response, an event): stops that clock. The
  // hooks on_request, on_event, on_client_ready and on_upstream_request(ok) call it themselves.
  void on_server_answered() noexcept { failing_since_ns_ = 0; }
  // Why the client gave up on an unreachable server (request_stop() was called), or empty.
  std::string gave_up() const;
  SocketMeter& sockets() noexcept { return sockets_; }
  // --source-address in network byte order, 0 = none (source_address.h).
  uint32_t source_addr_be() const noexcept { return options_.source_addr_be; }

  // A client finished connecting (ws) or its first poll; prints the ready line once all have.
  void on_client_ready() noexcept;
  // Opens/closes the window when `now` passes its edges, and gives up (request_stop(),
  // gave_up()) once connections have failed without an answer for --give-up seconds. Call at
  // least at next_edge_ns() and every stop check.
  void tick(int64_t now) noexcept;
  int64_t next_edge_ns() const noexcept;
  bool window_open() const noexcept { return phase_ == 1; }

  // Every latency sample behind the result's percentiles (latency, send_lag, tcp_srtt,
  // tcp_min_rtt), for `pushbench run` to merge client shards exactly (latency_samples.h).
  void write_samples(const std::string& path);
  // The result JSON the bench reads (RESULT FIELDS are documented in results/SCHEMA.md).
  std::string result_json();

 private:
  void fold_digest(const ParsedEvent& ev) noexcept;

  ClientOptions options_;
  DeliveryTracker delivery_;
  LatencyRecorder latency_;
  LatencyRecorder send_lag_;  // upstream: actual - planned send time
  // FNV-1a over the bytes of every in-window notification the first client received, in
  // arrival order, t_ns written relative to the epoch: for one seed, every transport that
  // delivers the same events in the same order with the same bytes has the same digest
  // (DuplexTest compares them).
  uint64_t first_client_digest_ = 14695981039346656037ULL;
  SocketMeter sockets_;
  ClientCounters counters_;
  int phase_ = 0;  // 0 before the window, 1 in it, 2 after
  int ready_clients_ = 0;
  int64_t ready_mono_ns_ = 0;
  int64_t started_mono_ns_ = 0;   // when the session set out to connect (connect time: to ready)
  int64_t failing_since_ns_ = 0;  // first connection error since the server last answered; 0: none
  int64_t last_failure_ns_ = 0;   // the latest connection error
  int64_t gave_up_after_ns_ = 0;  // > 0 once it gave up: how long the server had been silent
};

}  // namespace pushbench
