// WebSocket keep-alive pings (--ws-ping S): the server pings every connected WebSocket client
// once every S seconds, the clients staggered evenly over the interval by id (client c at
// start + c*S/clients + k*S; sent in 20 batches per interval, at least 50 ms apart), as servers
// that keep idle connections alive through proxies do.
// The client's lws answers each with a pong. Both are counted (ServerCounters), inside the
// measured window too, so the idle workload shows what staying ready costs when pings are on.
#pragma once

#include <cstdint>

#include "lws_handles.h"

namespace pushbench {

struct ServerState;

class WsPinger {
 public:
  explicit WsPinger(ServerState& state) noexcept;
  WsPinger(const WsPinger&) = delete;
  WsPinger& operator=(const WsPinger&) = delete;

  void start(lws_context* ctx) noexcept;  // no-op when --ws-ping is 0
  void stop() noexcept { timer_.cancel(); }

 private:
  void on_timer() noexcept;
  int64_t due_ns(uint64_t k) const noexcept;  // when the k-th ping of the run is due

  ServerState& state_;
  lws_context* ctx_ = nullptr;
  int64_t start_ns_ = 0;
  uint64_t next_ = 0;  // pings due so far (ping k goes to client k % clients)
  LwsTimer timer_;
};

}  // namespace pushbench
