// `pushbench ramp`: whether one step (one cell at one client count) held, from its results.csv
// row, and the client counts the ramp goes through.
#pragma once

#include <string>
#include <vector>

namespace pushbench {

// Why the row did not hold, "" when it did: a notification lost, a client error, p99 latency
// over `slo_p99_ms`, or a process saturated (the client: the load generator is the limit, not
// the transport, and the table says so) or the machine busy with other work (foreign_load: a
// ramp measures capacity only on a quiet machine, and says so rather than guess).
// `header`: results.csv's columns.
std::string step_failure(const std::vector<std::string>& header,
                         const std::vector<std::string>& row, double slo_p99_ms);

// `start`, then each times `factor` (rounded, always at least one more), up to `max` included.
std::vector<int> geometric_steps(int start, double factor, int max);

}  // namespace pushbench
