// The timerfd on the lws loop.
#include "precise_timer.h"

#include <sys/timerfd.h>
#include <unistd.h>

#include "clock.h"
#include "lws_handles.h"

namespace pushbench {

PreciseTimer::PreciseTimer() noexcept
    : fd_(timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC)) {}

bool PreciseTimer::start(lws_vhost* vhost, const char* protocol) noexcept {
  adopted_ = adopt_raw_file_dup(vhost, protocol, fd_.get());
  return adopted_ >= 0;
}

void PreciseTimer::arm_at(int64_t mono_ns) noexcept {
  // 0 would disarm it: a time already passed is the earliest one that is not 0.
  const int64_t at = mono_ns > 0 ? mono_ns : 1;
  itimerspec spec{};
  spec.it_value.tv_sec = at / kNsPerSec;
  spec.it_value.tv_nsec = at % kNsPerSec;
  timerfd_settime(fd_.get(), TFD_TIMER_ABSTIME, &spec, nullptr);
}

void PreciseTimer::disarm() noexcept {
  const itimerspec none{};
  timerfd_settime(fd_.get(), 0, &none, nullptr);
}

void PreciseTimer::consume() noexcept {
  uint64_t expirations = 0;
  while (read(fd_.get(), &expirations, sizeof expirations) < 0 && errno == EINTR) {
  }
}

}  // namespace pushbench
