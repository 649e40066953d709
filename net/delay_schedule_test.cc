// The delay stage's release times: the delay, the seeded jitter, the order within a flow.
#include "delay_schedule.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "clock.h"

namespace pushbench {
namespace {

TEST(DelayScheduleTest, WithoutJitterEveryPacketWaitsExactlyTheDelay) {
  DelaySchedule s({.delay_ns = 10 * kNsPerMs});
  for (int64_t t : {0L, 5L, 5L, 1'000'000L, 7'000'000L}) {
    EXPECT_EQ(s.release_ns(42, t), t + 10 * kNsPerMs);
    EXPECT_EQ(s.release_ns(7, t), t + 10 * kNsPerMs);
  }
}

TEST(DelayScheduleTest, JitterIsUniformAroundTheDelayAndSeeded) {
  const DelaySpec spec{.delay_ns = 50 * kNsPerMs, .jitter_ns = 20 * kNsPerMs, .seed = 9};
  DelaySchedule a(spec), b(spec),
      other({.delay_ns = spec.delay_ns, .jitter_ns = 20 * kNsPerMs, .seed = 10});
  std::vector<int64_t> delays;
  bool differs = false;
  for (int i = 0; i < 2000; ++i) {
    const int64_t t = i * 100 * kNsPerMs;  // far apart: the order never binds
    const int64_t r = a.release_ns(1, t);
    EXPECT_EQ(r, b.release_ns(1, t));
    differs |= r != other.release_ns(1, t);
    delays.push_back(r - t);
  }
  EXPECT_TRUE(differs);
  const auto [lo, hi] = std::minmax_element(delays.begin(), delays.end());
  EXPECT_GE(*lo, 40 * kNsPerMs);
  EXPECT_LE(*hi, 60 * kNsPerMs);
  EXPECT_LT(*lo, 41 * kNsPerMs);  // the whole width is used
  EXPECT_GT(*hi, 59 * kNsPerMs);
  double mean = 0;
  for (int64_t d : delays) {
    mean += static_cast<double>(d) / static_cast<double>(delays.size());
  }
  EXPECT_NEAR(mean, 50 * kNsPerMs, 0.5 * kNsPerMs);
}

TEST(DelayScheduleTest, AFlowIsNeverReorderedButFlowsMayOvertake) {
  DelaySchedule s({.delay_ns = 50 * kNsPerMs, .jitter_ns = 20 * kNsPerMs, .seed = 3});
  int64_t last_a = 0;
  bool overtaken = false;
  for (int i = 0; i < 1000; ++i) {
    const int64_t t = i * 100'000;  // 0.1 ms apart, far closer than the jitter
    const int64_t a = s.release_ns(1, t);
    const int64_t b = s.release_ns(2, t);
    EXPECT_GE(a, last_a);
    EXPECT_GE(a, t + 40 * kNsPerMs);
    overtaken |= b < a || (i > 0 && b < last_a);
    last_a = a;
  }
  EXPECT_TRUE(overtaken);
}

// A busy flow (a packet every 0.1 ms, far closer than the jitter) in bursts: every packet of a
// burst waits the same delay (its spacing kept, nothing held behind a predecessor), and over
// many bursts the mean delay is the one asked for, not shifted towards delay + jitter/2.
TEST(DelayScheduleTest, ABusyFlowKeepsTheMeanDelay) {
  DelaySchedule s({.delay_ns = 50 * kNsPerMs, .jitter_ns = 20 * kNsPerMs, .seed = 5});
  double sum = 0;
  int n = 0;
  int64_t lo = INT64_MAX;
  for (int burst = 0; burst < 500; ++burst) {
    const int64_t start = burst * 200 * kNsPerMs;  // bursts apart by more than delay + jitter
    const int64_t first = s.release_ns(1, start) - start;
    for (int i = 0; i < 20; ++i) {
      const int64_t t = start + i * 100'000;
      const int64_t d = s.release_ns(1, t) - t;
      EXPECT_EQ(d, first) << "burst " << burst << " packet " << i;
      sum += static_cast<double>(d);
      ++n;
      lo = std::min(lo, d);
    }
  }
  EXPECT_NEAR(sum / n, 50 * kNsPerMs, 1 * kNsPerMs);
  EXPECT_LT(lo, 42 * kNsPerMs);  // the low end of the jitter is reached by busy flows too
}

TEST(DelayScheduleTest, PastFlowsAreForgotten) {
  DelaySchedule s({.delay_ns = kNsPerMs});
  for (uint64_t flow = 1; flow <= 5000; ++flow) {
    s.release_ns(flow, 0);
  }
  s.release_ns(1, 10 * kNsPerMs);  // every earlier release is in the past now
  EXPECT_LT(s.flows_tracked(), 100u);
}

TEST(DelayScheduleTest, FlowKeyNamesAddressesProtocolAndPorts) {
  // IPv4, IHL 5, TCP, 10.213.0.1 -> 10.213.0.2, ports 40000 -> 8080.
  unsigned char p[24] = {0x45, 0,   0, 24, 0,  0,   0, 0, 64,   6,    0,    0,
                         10,   213, 0, 1,  10, 213, 0, 2, 0x9c, 0x40, 0x1f, 0x90};
  const uint64_t k = flow_key(p, sizeof p);
  EXPECT_NE(k, 0u);
  EXPECT_EQ(k, flow_key(p, sizeof p));
  p[21] = 0x41;  // another source port
  EXPECT_NE(flow_key(p, sizeof p), k);
  p[21] = 0x40;
  p[9] = 17;  // UDP
  EXPECT_NE(flow_key(p, sizeof p), k);
  EXPECT_EQ(flow_key(p, 10), 0u);  // too short
  p[0] = 0x60;                     // IPv6
  EXPECT_EQ(flow_key(p, sizeof p), 0u);
}

}  // namespace
}  // namespace pushbench
