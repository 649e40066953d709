// The one clock every measurement uses: CLOCK_MONOTONIC in nanoseconds, comparable across
// processes on one host (server publish time vs client receive time).
#pragma once

#include <time.h>

#include <cstdint>

namespace pushbench {

inline int64_t mono_ns() noexcept {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

constexpr int64_t kNsPerMs = 1'000'000;
constexpr int64_t kNsPerSec = 1'000'000'000;

constexpr double ns_to_us(int64_t ns) noexcept { return static_cast<double>(ns) / 1e3; }
constexpr double ns_to_us(double ns) noexcept { return ns / 1e3; }

}  // namespace pushbench
