// What every client session records, whatever its transport: delivery against the schedule,
// latency from the planned publish time, requests, connections and bytes inside the window.
// Sessions call the hooks; the window edges are driven by tick().
#pragma once

#include <cstdint>
#include <string>

#include "client_options.h"
#include "delivery.h"
#include "event.h"
#include "latency.h"
#include "socket_meter.h"

namespace pushbench {

struct ClientCounters {
  uint64_t requests = 0;         // HTTP requests completed in the window (ws: handshakes)
  uint64_t empty_responses = 0;  // of which carried no event (204)
  uint64_t late_polls = 0;       // polls issued after their due time (previous one still open)
  uint64_t sse_reconnects = 0;   // SSE streams resumed with Last-Event-ID (whole run)
  uint64_t http_header_bytes = 0;  // HTTP request + response header bytes in the window
  uint64_t ws_established = 0;       // WebSocket handshakes completed (whole run, reconnects too)
  uint64_t deflate_negotiated = 0;   // of which with permessage-deflate accepted by the server
  // Errors are counted over the whole run: any of them means the row is suspect.
  uint64_t err_connect = 0;      // connections that failed or dropped
  uint64_t err_status = 0;       // unexpected HTTP status
  uint64_t err_protocol = 0;     // unparseable body or frame
  uint64_t err_payload = 0;      // event of the wrong size
  uint64_t err_schedule = 0;     // event whose t_ns is not the schedule's planned time
};

class Measurement {
 public:
  explicit Measurement(const ClientOptions& options);

  // One event received by `client` at rx_ns (CLOCK_MONOTONIC when its bytes were read).
  void on_event(int client, const ParsedEvent& ev, int64_t rx_ns) noexcept;
  // Counted only while the window is open.
  void on_request(bool empty) noexcept;
  // HTTP request + response header bytes of one exchange (or handshake); counted only while the
  // window is open.
  void on_header_bytes(uint64_t n) noexcept;
  ClientCounters& counters() noexcept { return counters_; }
  SocketMeter& sockets() noexcept { return sockets_; }

  // A client finished connecting (ws) or its first poll; prints the ready line once all have.
  void on_client_ready() noexcept;
  // Opens/closes the window when `now` passes its edges. Call at least at next_edge_ns().
  void tick(int64_t now) noexcept;
  int64_t next_edge_ns() const noexcept;
  bool window_open() const noexcept { return phase_ == 1; }

  // The result JSON the bench reads (RESULT FIELDS are documented in results/SCHEMA.md).
  std::string result_json();

 private:
  ClientOptions options_;
  DeliveryTracker delivery_;
  LatencyRecorder latency_;
  SocketMeter sockets_;
  ClientCounters counters_;
  int phase_ = 0;  // 0 before the window, 1 in it, 2 after
  int ready_clients_ = 0;
  int64_t ready_mono_ns_ = 0;
};

}  // namespace pushbench
