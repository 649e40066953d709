// Idle keep-alive HTTP connections: an O(1) reaper.
#include "http_idle.h"

#include <libwebsockets.h>

namespace pushbench {

void IdleReaper::idle_from(lws* wsi, int64_t now_ns) {
  const uint64_t serial = next_serial_++;
  idle_[wsi] = serial;
  fifo_.push({now_ns + idle_ns_, wsi, serial}, [this](const Entry& e) { return current(e); });
}

// Only an entry still current names a live connection: a closed one was forgotten (its pointer
// may since belong to another connection, which has a serial of its own).
bool IdleReaper::current(const Entry& e) const noexcept {
  auto it = idle_.find(e.wsi);
  return it != idle_.end() && it->second == e.serial;
}

void IdleReaper::forget(const lws* wsi) noexcept { idle_.erase(wsi); }

uint64_t IdleReaper::sweep(int64_t now_ns) noexcept {
  uint64_t n = 0;
  fifo_.expire(now_ns, [this, &n](const Entry& e) {
    if (!current(e)) {
      return;
    }
    idle_.erase(e.wsi);
    lws_set_timeout(e.wsi, PENDING_TIMEOUT_HTTP_KEEPALIVE_IDLE, LWS_TO_KILL_ASYNC);
    ++n;
  });
  reaped_ += n;
  return n;
}

}  // namespace pushbench
