// Other processes' CPU time on the cores a repetition ran on, over its window: what lets a row
// say that its CPU figures were measured on a busy machine (flag `foreign_load`).
#pragma once

#include <optional>
#include <vector>

namespace pushbench {

// A row is flagged `foreign_load` above this share of one core (results/SCHEMA.md).
constexpr double kForeignLoadPct = 10;

struct CoreUse {
  std::vector<double> busy_start_s, busy_end_s;  // cpu_busy_s() at the window's edges
  int server_cpu = -1;                           // the CPU the server was pinned to; -1: not pinned
  int client_cpu = -1;                           // likewise the client
  double server_own_s = 0;  // the server's CPU time over the window (all threads)
  double client_own_s = 0;  // the client's
  double self_own_s = 0;    // `pushbench run` itself (not pinned)
  // --rtt/--jitter: the delay stages' CPU time, pinned with the process that sends their
  // packets (down: the server's core; up: the client's). Without pinning they count as the
  // others.
  double delay_client_core_s = 0;
  double delay_server_core_s = 0;
};

// In % of one core over window_s. Pinned: for the server's and the client's core each, its busy
// time minus the pushbench processes pinned there (server or client, and the delay stage pinned
// with it); the larger of the two. Not pinned: every core's busy time minus server, client,
// delay stages and `pushbench run`. Clamped at 0 (clock-tick rounding);
// nullopt when /proc/stat could not be read.
std::optional<double> foreign_cpu_pct(const CoreUse& u, double window_s);

}  // namespace pushbench
