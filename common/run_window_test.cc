// run_window.h: seconds to nanoseconds as every binary converts --warmup and --duration, and the
// schedule length both sides derive from them.
#include "run_window.h"

#include <gtest/gtest.h>

#include <limits>

#include "config_error.h"

namespace pushbench {
namespace {

TEST(RunWindowTest, RoundsSecondsToTheNearestNanosecond) {
  EXPECT_EQ(seconds_to_ns(0, "--warmup"), 0);
  EXPECT_EQ(seconds_to_ns(1.5, "--warmup"), 1'500'000'000);
  // 0.3 * 1e9 is 299999999.99999994 in binary: truncated it would end the window 1 ns early.
  EXPECT_EQ(seconds_to_ns(0.3, "--duration"), 300'000'000);
  EXPECT_EQ(seconds_to_ns(1e7, "--duration"), 10'000'000'000'000'000);
}

TEST(RunWindowTest, RefusesNegativeHugeOrNotANumberNamingTheOption) {
  auto refusal = [](double s) {
    try {
      seconds_to_ns(s, "--warmup");
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_EQ(refusal(-1), "--warmup must be a number of seconds >= 0 (got -1)");
  EXPECT_EQ(refusal(10'000'001), "--warmup must be a number of seconds >= 0 (got 10000001)");
  EXPECT_EQ(refusal(std::numeric_limits<double>::quiet_NaN()),
            "--warmup must be a number of seconds >= 0 (got nan)");
}

TEST(RunWindowTest, TheScheduleEndsWithTheWindow) {
  EXPECT_EQ(schedule_ns(seconds_to_ns(0.1, "--warmup"), seconds_to_ns(0.2, "--duration")),
            300'000'000);
  EXPECT_EQ(schedule_ns(3'000'000'000, 10'000'000'000), 13'000'000'000);
  EXPECT_EQ(schedule_ns(0, 1), 1);
  EXPECT_EQ(schedule_ns(5'000'000'000, 0), 0);  // unbounded window, unbounded schedule
}

}  // namespace
}  // namespace pushbench
