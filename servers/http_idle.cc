// Idle keep-alive HTTP connections: an O(1) reaper.
#include "http_idle.h"

#include <libwebsockets.h>

#include <cstdint>

namespace pushbench {
namespace {
void* slot_token(uint32_t slot) noexcept {
  return reinterpret_cast<void*>(static_cast<uintptr_t>(slot) + 1);  // never null
}
}  // namespace

int64_t IdleReaper::slot_of(lws* wsi) noexcept {
  const auto token = reinterpret_cast<uintptr_t>(lws_get_opaque_user_data(wsi));
  return token == 0 ? -1 : static_cast<int64_t>(token - 1);
}

void IdleReaper::idle_from(lws* wsi, int64_t now_ns) {
  int64_t slot = slot_of(wsi);
  if (slot < 0) {
    if (free_slots_.empty()) {
      slots_.push_back({});
      slot = static_cast<int64_t>(slots_.size() - 1);
    } else {
      slot = free_slots_.back();
      free_slots_.pop_back();
    }
    lws_set_opaque_user_data(wsi, slot_token(static_cast<uint32_t>(slot)));
  }
  const uint64_t serial = next_serial_++;
  slots_[static_cast<size_t>(slot)] = {wsi, serial};
  fifo_.push({now_ns + idle_ns_, static_cast<uint32_t>(slot), serial},
             [this](const Entry& e) { return current(e); });
}

void IdleReaper::forget(lws* wsi) noexcept {
  const int64_t slot = slot_of(wsi);
  if (slot >= 0) {
    slots_[static_cast<size_t>(slot)].serial = 0;
  }
}

void IdleReaper::release(lws* wsi) noexcept {
  const int64_t slot = slot_of(wsi);
  if (slot < 0) {
    return;
  }
  slots_[static_cast<size_t>(slot)] = {nullptr, 0};
  free_slots_.push_back(static_cast<uint32_t>(slot));
  lws_set_opaque_user_data(wsi, nullptr);
}

uint64_t IdleReaper::sweep(int64_t now_ns) noexcept {
  uint64_t n = 0;
  fifo_.expire(now_ns, [this, &n](const Entry& e) {
    if (!current(e)) {
      return;
    }
    Slot& s = slots_[e.slot];
    s.serial = 0;
    lws_set_timeout(s.wsi, PENDING_TIMEOUT_HTTP_KEEPALIVE_IDLE, LWS_TO_KILL_ASYNC);
    ++n;
  });
  reaped_ += n;
  return n;
}

}  // namespace pushbench
