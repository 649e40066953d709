// Unit tests of the feed's timerfd, without lws: it fires once at its absolute time, not before,
// and can be re-armed and disarmed.
#include "precise_timer.h"

#include <poll.h>

#include <gtest/gtest.h>

#include "clock.h"

namespace pushbench {
namespace {

// When the timer's descriptor turned readable, on CLOCK_MONOTONIC; -1 if not within `wait_ms`.
int64_t readable_at(int fd, int wait_ms) {
  pollfd p{.fd = fd, .events = POLLIN, .revents = 0};
  return poll(&p, 1, wait_ms) == 1 ? mono_ns() : -1;
}

TEST(PreciseTimerTest, FiresOnceAtItsTimeNotBefore) {
  PreciseTimer t;
  const int fd = t.descriptor_for_test();
  ASSERT_GE(fd, 0);
  const int64_t at = mono_ns() + 5 * kNsPerMs;
  t.arm_at(at);
  const int64_t fired = readable_at(fd, 2000);
  ASSERT_GT(fired, 0);
  EXPECT_GE(fired, at);
  EXPECT_LT(fired - at, 500 * kNsPerMs) << "a loaded machine may be late, never this late";
  t.consume();
  EXPECT_EQ(readable_at(fd, 20), -1) << "one-shot: read once, quiet after";
}

TEST(PreciseTimerTest, APassedTimeFiresAtOnceAndDisarmStopsIt) {
  PreciseTimer t;
  const int fd = t.descriptor_for_test();
  t.arm_at(mono_ns() - kNsPerSec);
  EXPECT_GT(readable_at(fd, 1000), 0);
  t.consume();
  t.arm_at(mono_ns() + 30 * kNsPerMs);
  t.disarm();
  EXPECT_EQ(readable_at(fd, 100), -1);
}

TEST(PreciseTimerTest, OwnsOnlyTheDescriptorLwsWatches) {
  PreciseTimer t;
  EXPECT_FALSE(t.owns(-1));
  EXPECT_FALSE(t.owns(t.descriptor_for_test())) << "not started: lws watches nothing";
}

}  // namespace
}  // namespace pushbench
