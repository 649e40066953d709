// A one-shot timer of nanosecond precision on the server's lws loop: a timerfd (CLOCK_MONOTONIC,
// armed at an absolute time) adopted into lws as a raw file, whose expiry arrives as the fd
// turning readable (LWS_CALLBACK_RAW_RX_FILE). lws' own timers wait in the event library, and
// libev's epoll back end sleeps in whole milliseconds: the feed published each event 0.56-0.69 ms
// after its planned time at p50. The callback still runs on the loop thread, as every other
// piece of the server does.
#pragma once

#include <libwebsockets.h>

#include <cstdint>

#include "fd.h"

namespace pushbench {

class PreciseTimer {
 public:
  PreciseTimer() noexcept;  // no timer (fd() < 0) when timerfd_create fails
  PreciseTimer(const PreciseTimer&) = delete;
  PreciseTimer& operator=(const PreciseTimer&) = delete;

  // Hands lws a duplicate of the timerfd as a raw file of `protocol` on `vhost` (lws closes its
  // duplicate). False when there is no timer or lws refused it: the caller keeps lws' timers.
  bool start(lws_vhost* vhost, const char* protocol) noexcept;
  // Fires once at `mono_ns` (CLOCK_MONOTONIC; at once when it has passed).
  void arm_at(int64_t mono_ns) noexcept;
  void disarm() noexcept;
  // Whether `fd` (lws_get_socket_fd of a RAW_RX_FILE's wsi) is this timer's; then `consume`
  // reads its expiry count so that it is no longer readable.
  bool owns(int fd) const noexcept { return fd >= 0 && fd == adopted_; }
  void consume() noexcept;
  // The timerfd itself (tests poll it without lws).
  int descriptor_for_test() const noexcept { return fd_.get(); }

 private:
  Fd fd_;
  int adopted_ = -1;  // the descriptor number lws watches
};

}  // namespace pushbench
