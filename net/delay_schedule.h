// The delay stage's release times (pushbench-delay, delay_stage.h): each packet is released
// `delay` after it arrived, plus a seeded uniform jitter in [-jitter/2, +jitter/2] when jitter is
// asked for. Packets of one flow (IPv4 addresses, protocol, ports) never overtake each other: a
// packet is released no earlier than the previous packet of its flow, so TCP sees no reordering
// and the jitter widens the RTT spread instead. Packets of different flows may overtake. With
// packets of one flow closer together than the jitter, a packet waits for its predecessor's
// later release, so the mean delay grows towards delay + jitter/2 (docs/method.md).
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
  size_t flows_tracked() const noexcept { return last_release_.size(); }

 private:
  DelaySpec spec_;
  Rng rng_;
  std::unordered_map<uint64_t, int64_t> last_release_;  // per flow; pruned when in the past
};

// A hash of an IPv4 packet's addresses, protocol and (TCP/UDP) ports: the flow it belongs to.
// 0 when `packet` is not IPv4 (all such packets then share one flow, in order).
uint64_t flow_key(const unsigned char* packet, size_t len) noexcept;

}  // namespace pushbench
