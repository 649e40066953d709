// When a client session's loop wakes next: at the earliest of its deadlines (the window's edge, an
// admitted connect, an upstream send, a churn), and at least every kStopCheckNs, so SIGINT/SIGTERM
// (the stop flag) and the give-up clock (Measurement::tick) are looked at even when idle.
#pragma once

#include <algorithm>
#include <cstdint>
#include <initializer_list>

#include "clock.h"

namespace pushbench {

constexpr int64_t kStopCheckNs = 50 * kNsPerMs;

// The earliest of now + kStopCheckNs and the deadlines (INT64_MAX: none).
inline int64_t wake_at_ns(int64_t now, std::initializer_list<int64_t> deadlines) noexcept {
  int64_t next = now + kStopCheckNs;
  for (const int64_t d : deadlines) {
    next = std::min(next, d);
  }
  return next;
}

// epoll_wait's timeout to wake at until_ns: whole milliseconds rounded up (never early), 0 once
// it has passed.
inline int wait_timeout_ms(int64_t now, int64_t until_ns) noexcept {
  return until_ns <= now ? 0 : static_cast<int>((until_ns - now + kNsPerMs - 1) / kNsPerMs);
}

}  // namespace pushbench
