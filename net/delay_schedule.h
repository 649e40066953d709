// The delay stage's release times (pushbench-delay, delay_stage.h): each packet is released
// `delay` after it arrived, plus a seeded uniform jitter in [-jitter/2, +jitter/2] when jitter is
// asked for. Packets of one flow (IPv4 addresses, protocol, ports) never overtake each other, so
// TCP sees no reordering and the jitter widens the RTT spread instead. A flow's jitter is drawn
// anew only when none of its packets is held: a packet that arrives while its predecessor waits
// gets the same jitter, so a burst keeps its spacing and its order without waiting for anything.
// (Drawing every packet's jitter and holding it behind its predecessor, as before, shifted a busy
// flow's delay up towards delay + jitter/2: DelayScheduleTest.ABusyFlowKeepsTheMeanDelay.)
// Packets of different flows may overtake.
#pragma once

#include <cstddef>
#include <cstdint>
#include <unordered_map>

#include "rng.h"

namespace pushbench {

struct DelaySpec {
  int64_t delay_ns = 0;
  int64_t jitter_ns = 0;  // width of the uniform jitter; 0 = every packet exactly delay_ns
  uint64_t seed = 1;
};

class DelaySchedule {
 public:
  explicit DelaySchedule(const DelaySpec& spec) : spec_(spec), rng_(spec.seed) {}

  // When to release a packet of flow `flow` that arrived at `arrival_ns` (any one clock).
  int64_t release_ns(uint64_t flow, int64_t arrival_ns);
  size_t flows_tracked() const noexcept { return flows_.size(); }

 private:
  DelaySpec spec_;
  Rng rng_;
  struct Flow {
    int64_t last_release_ns;
    int64_t jitter_ns;  // of the packet released last: the next one's while it is held
  };
  std::unordered_map<uint64_t, Flow> flows_;  // pruned when their last release is past
};

// A hash of an IPv4 packet's addresses, protocol and (TCP/UDP) ports: the flow it belongs to.
// 0 when `packet` is not IPv4 (all such packets then share one flow, in order).
uint64_t flow_key(const unsigned char* packet, size_t len) noexcept;

}  // namespace pushbench
