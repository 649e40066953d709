// Network condition profiles, overrides and validation.
#include "net_conditions.h"

#include <fmt/format.h>

#include <cmath>

#include "config_error.h"
#include "parse.h"

namespace pushbench {
namespace {
std::string known_profiles() {
  std::string names;
  for (const NetProfile& p : net_profiles()) {
    names += names.empty() ? p.conditions.profile : ", " + p.conditions.profile;
  }
  return names;
}

std::string rate(double mbit) { return mbit > 0 ? fmt::format("{} Mbit/s", mbit) : "no cap"; }
}  // namespace

std::string NetConditions::describe() const {
  const std::string bandwidth = down_mbit == up_mbit
                                    ? rate(down_mbit)
                                    : fmt::format("{} down, {} up", rate(down_mbit), rate(up_mbit));
  return fmt::format("{}: rtt {} ms, jitter {} ms, loss {} %, {}", profile, rtt_ms, jitter_ms,
                     loss_pct, bandwidth);
}

const std::vector<NetProfile>& net_profiles() {
  static const std::vector<NetProfile> profiles = {
      {{.profile = "loopback"}, "nothing added: the veth pair alone (~0.05 ms round trip)"},
      {{.profile = "lan", .rtt_ms = 1}, "issue 13: a switched LAN or one data centre, 1 ms"},
      {{.profile = "wan", .rtt_ms = 40, .jitter_ms = 2, .loss_pct = 0.1},
       "issue 13: a continental internet path, 40 ms, 2 ms jitter, 0.1 % loss"},
      {{.profile = "mobile",
        .rtt_ms = 100,
        .jitter_ms = 20,
        .loss_pct = 1,
        .down_mbit = 10,
        .up_mbit = 2},
       "issue 13: a loaded 4G cell, 100 ms, 20 ms jitter, 1 % loss, 10 Mbit/s down, 2 up"},
      {{.profile = "satellite", .rtt_ms = 600, .loss_pct = 0.5, .down_mbit = 20, .up_mbit = 20},
       "issue 13: geostationary satellite (4 x 35,786 km at c is 477 ms before any processing), "
       "600 ms, 0.5 % loss, 20 Mbit/s"},
  };
  return profiles;
}

std::pair<double, double> parse_bandwidth(std::string_view text) {
  const size_t slash = text.find('/');
  const auto down = parse_double(text.substr(0, slash));
  const auto up = slash == std::string_view::npos ? down : parse_double(text.substr(slash + 1));
  if (!down || !up) {
    throw ConfigError(
        fmt::format("--bandwidth: '{}' is not MBIT or DOWN/UP in Mbit/s (e.g. 20 or 10/2)", text));
  }
  for (double v : {*down, *up}) {
    if (!(v > 0) || v > 10000) {
      throw ConfigError(fmt::format(
          "--bandwidth must be > 0 and <= 10000 Mbit/s per direction (got '{}')", text));
    }
  }
  return {*down, *up};
}

std::string profile_label(const NetConditions& c) {
  for (const NetProfile& p : net_profiles()) {
    const NetConditions& q = p.conditions;
    if (q.profile == c.profile && q.rtt_ms == c.rtt_ms && q.jitter_ms == c.jitter_ms &&
        q.loss_pct == c.loss_pct && q.down_mbit == c.down_mbit && q.up_mbit == c.up_mbit) {
      return c.profile;
    }
  }
  return "custom";
}

NetConditions resolve_net_conditions(const NetRequest& request) {
  NetConditions c;
  const std::string name = request.profile.empty() ? "loopback" : request.profile;
  const NetProfile* profile = nullptr;
  for (const NetProfile& p : net_profiles()) {
    if (p.conditions.profile == name) {
      profile = &p;
    }
  }
  if (!profile) {
    throw ConfigError(
        fmt::format("unknown --net profile '{}' (known: {})", name, known_profiles()));
  }
  c = profile->conditions;
  if (request.rtt_ms) {
    if (!(*request.rtt_ms >= 0) || *request.rtt_ms > 10000) {
      throw ConfigError(fmt::format("--rtt must be 0..10000 ms (got {})", *request.rtt_ms));
    }
    c.rtt_ms = *request.rtt_ms;
  }
  if (request.jitter_ms) {
    if (!(*request.jitter_ms >= 0) || *request.jitter_ms > 10000) {
      throw ConfigError(fmt::format("--jitter must be 0..10000 ms (got {})", *request.jitter_ms));
    }
    c.jitter_ms = *request.jitter_ms;
  }
  if (request.loss_pct) {
    if (!(*request.loss_pct >= 0) || *request.loss_pct >= 100) {
      throw ConfigError(
          fmt::format("--loss must be >= 0 and < 100 percent (got {})", *request.loss_pct));
    }
    c.loss_pct = *request.loss_pct;
  }
  if (request.bandwidth) {
    std::tie(c.down_mbit, c.up_mbit) = parse_bandwidth(*request.bandwidth);
  }
  if (c.jitter_ms > c.rtt_ms) {
    // A direction's delay is rtt/2 +- jitter/2: more jitter than RTT would need negative delays.
    throw ConfigError(
        fmt::format("--jitter ({} ms) must not exceed the RTT ({} ms)", c.jitter_ms, c.rtt_ms));
  }
  return c;
}

}  // namespace pushbench
