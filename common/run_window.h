// What --warmup and --duration mean on every binary (pushbench run, pushbench-server,
// pushbench-client): the measured window is [epoch + warmup, epoch + warmup + duration), and the
// seeded schedule runs from the epoch to the window's end. Server and client turn the same two
// arguments into nanoseconds and a schedule length with these functions, so the two agree to the
// nanosecond (a fraction of a second converted two ways could differ by one).
#pragma once

#include <cstdint>
#include <string_view>

namespace pushbench {

// Seconds from a command line in nanoseconds, rounded to the nearest; ConfigError "OPTION must
// be a number of seconds >= 0 (got S)" when negative, not a number or over 1e7 (115 days).
int64_t seconds_to_ns(double seconds, std::string_view option);

// The schedule's length from the epoch: warmup + window. A window of 0 is unbounded (a server
// started on its own, publishing until stopped), and so is its schedule (0).
constexpr int64_t schedule_ns(int64_t warmup_ns, int64_t window_ns) noexcept {
  return window_ns > 0 ? warmup_ns + window_ns : 0;
}

}  // namespace pushbench
