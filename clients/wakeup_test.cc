// When a client session's loop wakes (wakeup.h): the earliest deadline, at least every stop check,
// and an epoll timeout that never wakes early.
#include "wakeup.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

namespace pushbench {
namespace {

constexpr int64_t kNone = std::numeric_limits<int64_t>::max();

TEST(WakeupTest, EarliestDeadlineOrTheStopCheck) {
  const int64_t now = 10 * kNsPerSec;
  EXPECT_EQ(wake_at_ns(now, {}), now + kStopCheckNs);
  EXPECT_EQ(wake_at_ns(now, {kNone, kNone}), now + kStopCheckNs);
  EXPECT_EQ(wake_at_ns(now, {kNone, now + 7, now + 3 * kNsPerSec}), now + 7);
  EXPECT_EQ(wake_at_ns(now, {now - 5}), now - 5);  // overdue: at once
  EXPECT_EQ(kStopCheckNs, 50 * kNsPerMs);
}

TEST(WakeupTest, TimeoutRoundsUpToWholeMilliseconds) {
  const int64_t now = 5 * kNsPerSec;
  EXPECT_EQ(wait_timeout_ms(now, now - 1), 0);
  EXPECT_EQ(wait_timeout_ms(now, now), 0);
  EXPECT_EQ(wait_timeout_ms(now, now + 1), 1);
  EXPECT_EQ(wait_timeout_ms(now, now + kNsPerMs), 1);
  EXPECT_EQ(wait_timeout_ms(now, now + kNsPerMs + 1), 2);
  EXPECT_EQ(wait_timeout_ms(now, now + kStopCheckNs), 50);
}

}  // namespace
}  // namespace pushbench
