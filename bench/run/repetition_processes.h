// What a repetition does with the child processes it measures (pushbench-server, -client, the
// delay stages), shared by `pushbench run`, `pushbench run --target` and pushbench-mpi's ranks:
// find their binaries, wait on them while watching for a stop request or a child that died,
// sample them.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "child_process.h"
#include "proc_stats.h"

namespace pushbench {

// A stop request (SIGINT, SIGTERM) ended the repetition before it finished.
class RunInterrupted : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws RunInterrupted when a stop was requested: the repetition is not a measurement.
void check_stop();

// The processes a repetition watches, each with the name its errors give it.
using Children = std::vector<std::pair<ChildProcess*, std::string>>;
// Waits until `mono` (CLOCK_MONOTONIC) in slices of at most 50 ms, so a stop request or a child
// that died or was stopped (SIGSTOP) ends the repetition within that time (runtime_error naming
// the child).
void wait_until(int64_t mono, const Children& children);

// The process's sample; runtime_error "the ROLE process died during the window" when it is gone.
ProcSample must_sample(const ChildProcess& p, const char* role);

// pushbench's binary `name` (pushbench-server, ...): installed, all in one directory with
// `pushbench`; in a build tree, in servers/, clients/ or net/. "" when absent and not required,
// else runtime_error.
std::string find_binary(const char* name, bool required);

}  // namespace pushbench
