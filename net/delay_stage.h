// pushbench-delay's engine: an NFQUEUE queue whose packets it holds until their release time
// (delay_schedule.h), then accepts. One queue, one direction: pushbench runs one stage per
// direction, in the receiving namespace (net_shaper.h). It counts packets read late (the kernel
// queued the packet longer ago than its delay plus the tolerance: the stage fell behind) and
// verdicts given late; on stop it accepts every packet it still holds, so no connection hangs.
#pragma once

#include <cstdint>
#include <string>

#include "delay_schedule.h"

namespace pushbench {

struct DelayStageOptions {
  int queue_num = 0;
  DelaySpec spec;
  int64_t late_ns = 1'000'000;  // later than this past a release time counts as late
  std::string stats_path;       // rewritten every 100 ms and at exit; empty = none
};

struct DelayStageStats {
  uint64_t packets = 0;        // verdicts given (all accept)
  uint64_t late_read = 0;      // read when its release time had already passed by > late_ns
  uint64_t late_verdict = 0;   // released more than late_ns after its release time
  int64_t max_late_ns = 0;     // the largest lateness of either kind
  uint64_t recv_overruns = 0;  // ENOBUFS: the kernel dropped queue messages we did not read
  uint64_t max_held = 0;       // most packets held at once
  // This process's user + system time (getrusage). The system time includes the receiving
  // stack's work on each packet: an accepted verdict reinjects the packet, and its routing and
  // TCP receive processing run on in the stage's system call instead of a softirq.
  int64_t cpu_ns = 0;
  int64_t cpu_user_ns = 0;  // the stage's own work: reading, scheduling, verdicts' user side
  double wall_s = 0;
  bool timestamps = false;  // arrival taken from the kernel's receive timestamp
  std::string cpus;         // the CPUs it may run on (sched_getaffinity), "0" or "0-1,3"
  std::string sched;        // its scheduling: "fifo" (SCHED_FIFO) or "other nice N"

  uint64_t late() const noexcept { return late_read + late_verdict; }
  // One line of JSON.
  std::string json() const;
};

// How often the stage reads its queue while it holds packets (0: at each arrival). A packet is
// released no earlier than its arrival + delay - jitter/2 (the kernel's receive timestamp is
// its arrival, however late it is read), so reading a quarter of that apart is early enough; at
// most 1 ms apart (lan's 0.5 ms one-way: 125 us); under 20 us apart, every arrival is read at
// once. Satellite, 500 ws clients: woken for each arrival the up stage spent 37-38 us a packet,
// reading in batches 27-29 us (the down stage, whose packets the rate cap spaces, 36-40 either
// way: its wake-ups are its releases).
constexpr int64_t read_interval_ns(const DelaySpec& spec) noexcept {
  const int64_t earliest = spec.delay_ns - spec.jitter_ns / 2;
  const int64_t every = earliest / 4 < 1'000'000 ? earliest / 4 : 1'000'000;
  return every < 20'000 ? 0 : every;
}

// Runs until stop_requested() (stop_flag.h). Throws std::runtime_error when the queue cannot be
// bound (not root, queue in use, no NFQUEUE support). `ready` runs once the queue is bound.
DelayStageStats run_delay_stage(const DelayStageOptions& options, void (*ready)());

}  // namespace pushbench
