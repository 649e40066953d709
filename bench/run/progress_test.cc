// The progress line's estimate of the time left, and how it writes durations.
#include "progress.h"

#include <gtest/gtest.h>

namespace pushbench {
namespace {
TEST(ProgressTest, EstimateIsThePlanBeforeAnyRunFinished) {
  EXPECT_DOUBLE_EQ(estimate_remaining_s({10, 10, 20}, 0, 0, 4), 36);
}

TEST(ProgressTest, EstimateScalesThePlanByHowTheFinishedRunsWent) {
  // Two 10 s runs took 30 s: the last 20 s run should take 30 s; 5 s of it have passed.
  EXPECT_DOUBLE_EQ(estimate_remaining_s({10, 10, 20}, 2, 30, 5), 25);
}

TEST(ProgressTest, EstimateIsNeverNegative) {
  EXPECT_DOUBLE_EQ(estimate_remaining_s({10}, 0, 0, 60), 0);
}

TEST(ProgressTest, FormatsDurationsForPeople) {
  EXPECT_EQ(format_duration(42.4), "42 s");
  EXPECT_EQ(format_duration(185), "3 min 05 s");
  EXPECT_EQ(format_duration(3720), "1 h 02 min");
}

}  // namespace
}  // namespace pushbench
