// Latency theory per transport under network conditions.
#include "network_theory.h"

namespace pushbench {

std::optional<LatencyTheory> latency_theory(std::string_view transport, const NetworkScenario& n) {
  const double d = n.rtt_ms / 2;
  const double worst_jitter = n.jitter_ms / 2;
  if (transport == "sse" || transport == "ws" || transport == "ws-deflate" || transport == "tcp") {
    return LatencyTheory{d, d + worst_jitter, "one-way delay: RTT/2"};
  }
  if (transport == "poll" || transport == "poll-close") {
    if (!n.poll_interval_ms || !(*n.poll_interval_ms > 0)) {
      return std::nullopt;
    }
    const double interval = *n.poll_interval_ms;
    return LatencyTheory{interval / 2 + d, interval + d + worst_jitter,
                         transport == "poll"
                             ? "interval/2 + RTT/2 (fixed timeline)"
                             : "interval/2 + RTT/2: the handshake shifts the phase, not the wait"};
  }
  if (transport == "longpoll") {
    return LatencyTheory{d, 3 * d + worst_jitter,
                         "one transit; up to three after an answer (RFC 6202)"};
  }
  return std::nullopt;
}

}  // namespace pushbench
