// Latency theory per transport under network conditions.
#include "network_theory.h"

#include <cmath>

#include <fmt/format.h>

namespace pushbench {
namespace {

LatencyTheory long_poll_theory(const NetworkScenario& n) {
  const double d = n.rtt_ms / 2;
  const double max = 3 * d + n.jitter_ms / 2;
  const double gap = 2 * d;
  if (!n.event_interval_ms || !(*n.event_interval_ms > 0) || !(gap > 0)) {
    return {d, max, "one transit; up to three after an answer (RFC 6202)"};
  }
  const double interval = *n.event_interval_ms;
  if (!n.poisson_arrivals) {
    if (interval > gap) {
      return {
          d, max,
          fmt::format("one transit: events {:g} ms apart > 2 RTT/2 gap; up to three", interval)};
    }
    return {2 * d, max,
            fmt::format("events {:g} ms apart <= the 2 RTT/2 gap: uniform over 1-3 transits",
                        interval)};
  }
  const double rg = gap / interval;
  const double held = 1 / (1 + rg * std::exp(rg));
  const double p50 = held >= 0.5 ? d : d + gap * (0.5 - held) / (1 - held);
  return {p50, max,
          fmt::format("Poisson, {:g} ms apart: {:.0f} % find a request held (one transit), the "
                      "rest 1-3 transits",
                      interval, 100 * held)};
}

}  // namespace

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
    return long_poll_theory(n);
  }
  return std::nullopt;
}

}  // namespace pushbench
