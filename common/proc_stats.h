// CPU time and memory of a process, read from /proc (DESIGN.md §6).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>

namespace pushbench {

struct ProcSample {
  int64_t mono_ns = 0;   // CLOCK_MONOTONIC when read
  double cpu_s = 0;      // on-CPU time of all live threads, ns precision (/proc/PID/task/*/schedstat)
  double user_s = 0;     // utime, clock-tick precision (/proc/PID/stat field 14)
  double sys_s = 0;      // stime, clock-tick precision (/proc/PID/stat field 15)
  int64_t rss_kb = 0;    // VmRSS (/proc/PID/status)
};

// nullopt when the process is gone or /proc is unreadable.
std::optional<ProcSample> sample_process(pid_t pid);

}  // namespace pushbench
