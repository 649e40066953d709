// CPU time and memory of a process, read from /proc (docs/method.md).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pushbench {

struct ProcSample {
  int64_t mono_ns = 0;  // CLOCK_MONOTONIC when read
  double cpu_s = 0;    // on-CPU time of all live threads, ns precision (/proc/PID/task/*/schedstat)
  double user_s = 0;   // utime, clock-tick precision (/proc/PID/stat field 14)
  double sys_s = 0;    // stime, clock-tick precision (/proc/PID/stat field 15)
  int64_t rss_kb = 0;  // VmRSS (/proc/PID/status)

  // Several processes as one (a server with its arm, shards): CPU times and RSS summed.
  ProcSample& operator+=(const ProcSample& o) noexcept {
    cpu_s += o.cpu_s;
    user_s += o.user_s;
    sys_s += o.sys_s;
    rss_kb += o.rss_kb;
    return *this;
  }
};

// nullopt when the process is gone or /proc is unreadable.
std::optional<ProcSample> sample_process(pid_t pid);
// `pid` and every live descendant (nginx' workers under their master), summed: CPU times and
// RSS. nullopt when `pid` itself is gone. A descendant that exits between two samples takes its
// CPU time with it (the second implementations' processes live for the whole run).
std::optional<ProcSample> sample_process_tree(pid_t pid);

// Seconds each CPU has been busy since boot, indexed by CPU number (/proc/stat "cpuN" lines):
// user + nice + system + steal (steal: a hypervisor ran someone else on it). irq and softirq
// are left out: the kernel does the benchmark's own loopback networking there, and that time is
// in no process's CPU time. Clock-tick precision. Empty when /proc/stat is unreadable.
std::vector<double> cpu_busy_s();
// The same, parsed from /proc/stat's text.
std::vector<double> parse_cpu_busy_s(const std::string& proc_stat, double ticks_per_s);

}  // namespace pushbench
