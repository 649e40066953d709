// Release times: fixed delay, seeded jitter, in order within a flow.
#include "delay_schedule.h"

#include <netinet/in.h>

#include <algorithm>
#include <cstring>

namespace pushbench {
namespace {
constexpr size_t kPruneAt = 4096;  // flows remembered before the ones in the past are dropped
}  // namespace

int64_t DelaySchedule::release_ns(uint64_t flow, int64_t arrival_ns) {
  if (flows_.size() >= kPruneAt) {
    // A flow whose last release is past constrains nothing any more.
    std::erase_if(flows_,
                  [arrival_ns](const auto& kv) { return kv.second.last_release_ns <= arrival_ns; });
  }
  auto [it, added] = flows_.try_emplace(flow, Flow{0, 0});
  Flow& f = it->second;
  int64_t jitter = 0;
  if (spec_.jitter_ns > 0) {
    const bool held = !added && arrival_ns < f.last_release_ns;  // its predecessor still waits
    jitter = held
                 ? f.jitter_ns
                 : static_cast<int64_t>((rng_.unit() - 0.5) * static_cast<double>(spec_.jitter_ns));
  }
  // Never before it arrived, never before its flow's previous packet (a burst with one jitter is
  // in order already; this only binds where delay + jitter was clamped to 0).
  const int64_t release =
      std::max({arrival_ns + spec_.delay_ns + jitter, arrival_ns, f.last_release_ns});
  f = {release, jitter};
  return release;
}

uint64_t flow_key(const unsigned char* packet, size_t len) noexcept {
  if (len < 20 || (packet[0] >> 4) != 4) {
    return 0;
  }
  const size_t header = static_cast<size_t>(packet[0] & 0x0f) * 4;
  const unsigned char proto = packet[9];
  uint64_t key = 0;
  uint32_t addr[2];
  std::memcpy(addr, packet + 12, sizeof addr);
  key = (static_cast<uint64_t>(addr[0]) << 32 | addr[1]) ^ (static_cast<uint64_t>(proto) << 56);
  if ((proto == IPPROTO_TCP || proto == IPPROTO_UDP) && len >= header + 4) {
    uint32_t ports = 0;
    std::memcpy(&ports, packet + header, sizeof ports);
    key ^= static_cast<uint64_t>(ports) * 0x9e3779b97f4a7c15ULL;
  }
  return splitmix64(key) | 1;  // never 0, the non-IPv4 flow
}

}  // namespace pushbench
