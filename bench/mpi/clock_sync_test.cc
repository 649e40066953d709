// Unit tests of the clock offset: the arithmetic of one exchange, the choice of the smallest
// round trip, and a measurement against a responder on loopback (one clock: offset within its
// uncertainty of 0).
#include "clock_sync.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "clock.h"

namespace pushbench {
namespace {

TEST(ClockSyncTest, OffsetIsTheServerStampMinusTheMidpoint) {
  // The server's clock is 1,000,000 ns ahead; 40 ns each way.
  const auto c = best_offset({{.sent_ns = 100, .server_ns = 1'000'140, .received_ns = 180}});
  ASSERT_TRUE(c);
  EXPECT_EQ(c->offset_ns, 1'000'000);
  EXPECT_EQ(c->uncertainty_ns, 40);
  EXPECT_EQ(c->exchanges, 1);
}

TEST(ClockSyncTest, KeepsTheSmallestRoundTrip) {
  // The second exchange waited 1 ms in a queue one way: its midpoint is off by 0.5 ms.
  const auto c = best_offset({{.sent_ns = 0, .server_ns = 5'050, .received_ns = 100},
                              {.sent_ns = 1'000, .server_ns = 7'100, .received_ns = 1'000'200},
                              {.sent_ns = 2'000, .server_ns = 7'030, .received_ns = 2'060}});
  ASSERT_TRUE(c);
  EXPECT_EQ(c->offset_ns, 5'000);
  EXPECT_EQ(c->uncertainty_ns, 30);
  EXPECT_EQ(c->exchanges, 3);
}

TEST(ClockSyncTest, NoExchangeNoOffset) {
  EXPECT_FALSE(best_offset({}));
  EXPECT_FALSE(best_offset({{.sent_ns = 10, .server_ns = 5, .received_ns = 9}}));  // rtt < 0
}

TEST(ClockSyncTest, OneHostMeasuresAnOffsetWithinItsUncertaintyOfZero) {
  const ClockResponder responder("127.0.0.1");
  const ClockOffset c = measure_clock_offset("127.0.0.1", responder.port(), 50, 100'000, kNsPerSec);
  EXPECT_EQ(c.exchanges, 50);
  EXPECT_GT(c.uncertainty_ns, 0);
  EXPECT_LE(std::llabs(c.offset_ns), c.uncertainty_ns);
  EXPECT_LT(c.uncertainty_ns, 5'000'000);  // loopback: well under 10 ms round trip
}

TEST(ClockSyncTest, StopsAtItsBudget) {
  const ClockResponder responder("127.0.0.1");
  // 1,000 exchanges 1 ms apart would take a second: the budget ends them after ~20.
  const int64_t start = mono_ns();
  const ClockOffset c =
      measure_clock_offset("127.0.0.1", responder.port(), 1'000, kNsPerMs, 20 * kNsPerMs);
  EXPECT_LT(mono_ns() - start, 200 * kNsPerMs);
  EXPECT_GE(c.exchanges, 1);
  EXPECT_LE(c.exchanges, 21);
}

TEST(ClockSyncTest, NoResponderIsAnError) {
  // A port nothing listens on: every request is refused or unanswered.
  int port = 0;
  {
    const ClockResponder gone("127.0.0.1");
    port = gone.port();
  }
  EXPECT_THROW(measure_clock_offset("127.0.0.1", port, 2, 1'000, kNsPerSec), std::runtime_error);
}

}  // namespace
}  // namespace pushbench
