// Network condition profiles, overrides and their validation.
#include "net_conditions.h"

#include <gtest/gtest.h>

#include "config_error.h"

namespace pushbench {
namespace {

NetConditions resolve(const std::string& profile) {
  return resolve_net_conditions(NetRequest{.profile = profile});
}

TEST(NetConditionsTest, ProfilesCarryTheIssuesNumbers) {
  EXPECT_FALSE(resolve("loopback").any());
  EXPECT_FALSE(resolve_net_conditions(NetRequest{}).any());
  EXPECT_EQ(resolve("lan").rtt_ms, 1);
  const NetConditions wan = resolve("wan");
  EXPECT_EQ(wan.rtt_ms, 40);
  EXPECT_EQ(wan.jitter_ms, 2);
  EXPECT_EQ(wan.loss_pct, 0.1);
  EXPECT_FALSE(wan.shapes());
  const NetConditions mobile = resolve("mobile");
  EXPECT_EQ(mobile.rtt_ms, 100);
  EXPECT_EQ(mobile.jitter_ms, 20);
  EXPECT_EQ(mobile.loss_pct, 1);
  EXPECT_EQ(mobile.down_mbit, 10);
  EXPECT_EQ(mobile.up_mbit, 2);
  const NetConditions sat = resolve("satellite");
  EXPECT_EQ(sat.rtt_ms, 600);
  EXPECT_EQ(sat.loss_pct, 0.5);
  EXPECT_EQ(sat.down_mbit, 20);
  EXPECT_EQ(sat.up_mbit, 20);
  EXPECT_EQ(sat.profile, "satellite");
  for (const NetProfile& p : net_profiles()) {
    EXPECT_FALSE(std::string(p.source).empty()) << p.conditions.profile;
  }
}

TEST(NetConditionsTest, OverridesReplaceTheProfilesValues) {
  const NetConditions c = resolve_net_conditions(
      NetRequest{.profile = "mobile", .rtt_ms = 20, .loss_pct = 2, .bandwidth = "50"});
  EXPECT_EQ(c.profile, "mobile");
  EXPECT_EQ(c.rtt_ms, 20);
  EXPECT_EQ(c.jitter_ms, 20);
  EXPECT_EQ(c.loss_pct, 2);
  EXPECT_EQ(c.down_mbit, 50);
  EXPECT_EQ(c.up_mbit, 50);
  const NetConditions bare = resolve_net_conditions(NetRequest{.rtt_ms = 100});
  EXPECT_EQ(bare.profile, "loopback");
  EXPECT_EQ(bare.rtt_ms, 100);
  EXPECT_TRUE(bare.delays());
  EXPECT_FALSE(bare.loses());
  EXPECT_EQ(resolve("wan").describe(), "wan: rtt 40 ms, jitter 2 ms, loss 0.1 %, no cap");
  EXPECT_EQ(resolve("mobile").describe(),
            "mobile: rtt 100 ms, jitter 20 ms, loss 1 %, 10 Mbit/s down, 2 Mbit/s up");
}

TEST(NetConditionsTest, BandwidthIsOneRateOrDownSlashUp) {
  EXPECT_EQ(parse_bandwidth("20"), std::make_pair(20.0, 20.0));
  EXPECT_EQ(parse_bandwidth("10/2"), std::make_pair(10.0, 2.0));
  EXPECT_EQ(parse_bandwidth("0.5/0.25"), std::make_pair(0.5, 0.25));
  for (const char* bad : {"", "/", "10/", "/2", "x", "10/2/1", "0", "-1", "10/0", "1e9", "nan"}) {
    EXPECT_THROW(parse_bandwidth(bad), ConfigError) << bad;
  }
}

TEST(NetConditionsTest, BadValuesAreOneLineConfigErrors) {
  auto message = [](const NetRequest& r) {
    try {
      resolve_net_conditions(r);
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message({.profile = "moon"}),
            "unknown --net profile 'moon' (known: loopback, lan, wan, mobile, satellite)");
  EXPECT_EQ(message({.loss_pct = 100}), "--loss must be >= 0 and < 100 percent (got 100)");
  EXPECT_EQ(message({.loss_pct = -1}), "--loss must be >= 0 and < 100 percent (got -1)");
  EXPECT_EQ(message({.rtt_ms = -5}), "--rtt must be 0..10000 ms (got -5)");
  EXPECT_EQ(message({.jitter_ms = -1}), "--jitter must be 0..10000 ms (got -1)");
  EXPECT_EQ(message({.rtt_ms = 10, .jitter_ms = 20}),
            "--jitter (20 ms) must not exceed the RTT (10 ms)");
  EXPECT_EQ(message({.profile = "lan", .loss_pct = 99.9}), "no error");
  for (const std::string& m : {message({.profile = "moon"}), message({.bandwidth = "x"})}) {
    EXPECT_EQ(m.find('\n'), std::string::npos);
  }
}

// A row names the profile only when nothing overrode its values.
TEST(NetConditionsTest, ProfileLabelIsCustomOnceOverridden) {
  EXPECT_EQ(profile_label(resolve_net_conditions({.profile = "wan"})), "wan");
  EXPECT_EQ(profile_label(resolve_net_conditions({})), "loopback");
  EXPECT_EQ(profile_label(resolve_net_conditions({.rtt_ms = 40})), "custom");
  EXPECT_EQ(profile_label(resolve_net_conditions({.profile = "wan", .loss_pct = 2})), "custom");
  EXPECT_EQ(profile_label(resolve_net_conditions({.profile = "wan", .rtt_ms = 40})), "wan");
}

}  // namespace
}  // namespace pushbench
