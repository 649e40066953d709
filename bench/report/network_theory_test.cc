// Unit tests of the latency theory per transport (network_theory.h).
#include "network_theory.h"

#include <gtest/gtest.h>

namespace pushbench {
namespace {

TEST(NetworkTheoryTest, PushIsOneWayDelay) {
  const NetworkScenario wan{.rtt_ms = 40, .jitter_ms = 2};
  for (const char* t : {"sse", "ws", "ws-deflate", "tcp"}) {
    const auto th = latency_theory(t, wan);
    ASSERT_TRUE(th.has_value()) << t;
    EXPECT_DOUBLE_EQ(th->p50_ms, 20) << t;
    EXPECT_DOUBLE_EQ(th->max_ms, 21) << t;
  }
}

TEST(NetworkTheoryTest, PollingWaitsHalfAnIntervalThenOneTransit) {
  const NetworkScenario n{.rtt_ms = 40, .jitter_ms = 0, .poll_interval_ms = 1000};
  EXPECT_DOUBLE_EQ(latency_theory("poll", n)->p50_ms, 520);
  EXPECT_DOUBLE_EQ(latency_theory("poll", n)->max_ms, 1020);
  // A fixed timeline: the handshake shifts the requests' phase, not the wait.
  EXPECT_DOUBLE_EQ(latency_theory("poll-close", n)->p50_ms, 520);
  EXPECT_FALSE(latency_theory("poll", NetworkScenario{.rtt_ms = 40}).has_value());
}

TEST(NetworkTheoryTest, LongPollIsOneTransitUpToThree) {
  const auto th = latency_theory("longpoll", NetworkScenario{.rtt_ms = 100, .jitter_ms = 20});
  ASSERT_TRUE(th.has_value());
  EXPECT_DOUBLE_EQ(th->p50_ms, 50);
  EXPECT_DOUBLE_EQ(th->max_ms, 160);
}

TEST(NetworkTheoryTest, LongPollEventsInTheGapAfterAnAnswerWaitForTheNextRequest) {
  // mobile: RTT 100 ms, so no request is held for 100 ms after each answer.
  NetworkScenario n{.rtt_ms = 100, .jitter_ms = 20, .event_interval_ms = 1000};
  EXPECT_DOUBLE_EQ(latency_theory("longpoll", n)->p50_ms, 50);  // events 1 s apart: all held
  n.event_interval_ms = 100;  // 10 events/s: every gap catches the next event
  EXPECT_DOUBLE_EQ(latency_theory("longpoll", n)->p50_ms, 100);
  EXPECT_DOUBLE_EQ(latency_theory("longpoll", n)->max_ms, 160);
  // Poisson at 10/s: rG = 1, a share 1/(1+e) = 26.9 % held; the median of the mixture of 50 ms
  // and uniform [50, 150] ms is 50 + 100 * (0.5 - 0.269) / 0.731 = 81.6 ms.
  n.poisson_arrivals = true;
  EXPECT_NEAR(latency_theory("longpoll", n)->p50_ms, 81.6, 0.1);
  n.event_interval_ms = 10000;  // rare events: 99 % held
  EXPECT_DOUBLE_EQ(latency_theory("longpoll", n)->p50_ms, 50);
}

TEST(NetworkTheoryTest, LoopbackIsZeroAndUnknownTransportsHaveNone) {
  EXPECT_DOUBLE_EQ(latency_theory("ws", NetworkScenario{})->p50_ms, 0);
  EXPECT_FALSE(latency_theory("carrier-pigeon", NetworkScenario{.rtt_ms = 1}).has_value());
}

}  // namespace
}  // namespace pushbench
