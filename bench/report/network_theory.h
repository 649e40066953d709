// What each transport's notification latency should be under given network conditions, from how
// it delivers: the network's part alone (server and client time come on top). The report's
// "latency vs network" section and plots/latency_vs_network.py show it beside what was measured.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace pushbench {

struct NetworkScenario {
  double rtt_ms = 0;                         // round trip between client and server (net_rtt_ms)
  double jitter_ms = 0;                      // each one-way delay varies uniformly by +-jitter/2
  std::optional<double> poll_interval_ms{};  // polling transports
  // Round trips a new connection's handshake costs before its request can go (TCP: 1). TLS
  // (another branch) adds its own here: 1 for TLS 1.3, 2 for 1.2, 0 resumed with early data.
  int handshake_round_trips = 1;
  // Long polling: the mean time between two events one client receives (results.csv: clients *
  // duration_s / notifications_expected) and whether they come at fixed times or as a Poisson
  // process. Without it the long-poll theory is the lone event's: one transit.
  std::optional<double> event_interval_ms{};
  bool poisson_arrivals = false;
};

struct LatencyTheory {
  double p50_ms = 0;
  double max_ms = 0;    // the largest the mechanism allows (jitter at its worst)
  std::string formula;  // how p50 and max follow from the conditions, in words
};

// The theory for `transport` (its results.csv name); nullopt for an unknown transport or a
// polling one without an interval. One-way delay d = rtt/2, jitter J:
//   push (sse, ws, ws-deflate, tcp): the event is written at once: d; max d + J/2.
//   poll, poll-close: the client polls on a fixed timeline (docs/method.md), so an event waits
//     for the next request to arrive, uniform over the interval I, then the answer's transit:
//     I/2 + d; max I + d + J/2. A new connection's handshake (poll-close, k round trips) moves
//     every request's arrival by k RTT but not the interval between arrivals, so it shifts the
//     phase, not the wait: the same p50 as poll. (A client that polls I after each answer --
//     setTimeout after the response -- has a period I + RTT, I + (1 + k) RTT with a new
//     connection: p50 I/2 + RTT, and (k RTT)/2 more with a new connection; RFC 6202 section 2.)
//   longpoll: an event that finds a request held costs one transit, d. After each answer the
//     client holds no request for G = 2d (the answer's transit and the next request's): an event
//     in that gap waits for the rest of it, then its own transit: d + (G - u) for an event u into
//     the gap, uniform over [d, 3d] (RFC 6202's three transits at worst): max 3d + J/2. How many
//     events land in gaps depends on the event interval T one client sees:
//       fixed T > G: every event finds a held request: p50 d.
//       fixed T <= G: every answer is followed by a gap the next event lands in (server and client
//         time make T == G fall here), so gaps run back to back: p50 2d.
//       Poisson, rate r = 1/T: a share 1 / (1 + rG e^{rG}) of events find a held request (after
//         a held event, gaps repeat while each catches an event, e^{rG} of them on average, rG
//         events each); the others are uniform over [d, 3d]: p50 from that mixture.
std::optional<LatencyTheory> latency_theory(std::string_view transport, const NetworkScenario& n);

}  // namespace pushbench
