// Network conditions between server and clients (issue 13): round-trip delay, jitter, loss and
// bandwidth per direction, from a named profile with explicit overrides. Pure values: applying
// them is NetShaper's (net_shaper.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pushbench {

struct NetConditions {
  std::string profile = "loopback";  // the profile the values started from
  double rtt_ms = 0;                 // added round trip: half on each direction's one-way delay
  double jitter_ms = 0;  // each direction's delay varies uniformly by +-jitter/2 (delay_schedule.h)
  double loss_pct = 0;   // random loss of each packet, each direction
  double down_mbit = 0;  // server -> client rate cap; 0 = none
  double up_mbit = 0;    // client -> server rate cap; 0 = none

  bool delays() const noexcept { return rtt_ms > 0 || jitter_ms > 0; }
  bool shapes() const noexcept { return down_mbit > 0 || up_mbit > 0; }
  bool loses() const noexcept { return loss_pct > 0; }
  bool any() const noexcept { return delays() || shapes() || loses(); }
  // "wan: rtt 40 ms, jitter 2 ms, loss 0.1 %, no rate cap".
  std::string describe() const;
};

// A named profile and where its numbers come from (README and meta.json say it too).
struct NetProfile {
  NetConditions conditions;
  const char* source;
};
const std::vector<NetProfile>& net_profiles();

// What the command line asked for: a profile and any of the explicit overrides.
struct NetRequest {
  std::string profile{};  // empty: loopback
  std::optional<double> rtt_ms{};
  std::optional<double> jitter_ms{};
  std::optional<double> loss_pct{};
  std::optional<std::string> bandwidth{};  // "MBIT" (both directions) or "DOWN/UP"

  bool empty() const noexcept {
    return profile.empty() && !rtt_ms && !jitter_ms && !loss_pct && !bandwidth;
  }
};

// The profile's values with the overrides on top; throws ConfigError with a one-line reason
// (unknown profile, loss outside [0, 100), negative or absurd RTT, jitter or bandwidth).
NetConditions resolve_net_conditions(const NetRequest& request);

// The profile's name when `c` holds exactly its values, else "custom" (an override changed one):
// what a results row calls the conditions.
std::string profile_label(const NetConditions& c);

// "10" -> {10, 10}; "10/2" -> {10, 2} (down/up, Mbit/s); throws ConfigError otherwise.
std::pair<double, double> parse_bandwidth(std::string_view text);

}  // namespace pushbench
