// Waiting on and sampling the measured child processes of a repetition (pushbench-server,
// pushbench-client), wherever they are started: by the local Runner or by a rank of
// pushbench-mpi (bench/mpi/).
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "child_process.h"
#include "clock.h"
#include "proc_stats.h"

namespace pushbench {

// How long a child is given to print its ready line, and to exit once told to.
constexpr int64_t kStartTimeoutNs = 10 * kNsPerSec;
constexpr int64_t kStopTimeoutNs = 20 * kNsPerSec;

// A stop request (SIGINT, SIGTERM) ended the repetition before it finished.
class RunInterrupted : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A stop request ends the repetition at once (throws RunInterrupted): it is not a measurement.
void check_stop();

// The children watched while waiting, each with the name its errors say.
using Children = std::vector<std::pair<ChildProcess*, std::string>>;

// Waits until `mono` (CLOCK_MONOTONIC) in slices of at most 50 ms, so a stop request or a child
// that died or was stopped (SIGSTOP) ends the repetition within that time (std::runtime_error
// naming the child).
void wait_until(int64_t mono, const Children& children);

// `p`'s CPU time and memory now; std::runtime_error when it died (`role`: "server", "client").
ProcSample must_sample(const ChildProcess& p, const char* role);

}  // namespace pushbench
