// Unit tests of the foreign-load arithmetic (bench/run/foreign_load.h) and of /proc/stat parsing.
#include "foreign_load.h"

#include <gtest/gtest.h>

#include "proc_stats.h"

namespace pushbench {
namespace {

TEST(ForeignLoadMathTest, ParsesEveryCpuLineNotTheTotal) {
  const std::string stat =
      "cpu  400 0 60 2000 5 0 4 6 0 0\n"
      "cpu0 100 10 20 1000 2 7 3 5 0 0\n"
      "cpu1 300 0 40 1000 3 0 1 1 0 0\n"
      "intr 12345\n";
  const auto busy = parse_cpu_busy_s(stat, 100);
  ASSERT_EQ(busy.size(), 2U);
  EXPECT_DOUBLE_EQ(busy[0], (100 + 10 + 20 + 5) / 100.0);  // user nice system steal, no irq
  EXPECT_DOUBLE_EQ(busy[1], (300 + 40 + 1) / 100.0);
}

TEST(ForeignLoadMathTest, PinnedTakesTheBusierCoreLessItsOwnProcess) {
  CoreUse u{.busy_start_s = {10, 20, 30},
            .busy_end_s = {11.5, 20.5, 32},
            .server_cpu = 0,
            .client_cpu = 1,
            .server_own_s = 0.5,
            .client_own_s = 0.4};
  // core 0: 1.5 busy - 0.5 server = 1.0 foreign; core 1: 0.5 - 0.4 = 0.1; core 2 not measured.
  EXPECT_NEAR(*foreign_cpu_pct(u, 2), 50.0, 1e-9);
}

TEST(ForeignLoadMathTest, NeverNegative) {
  CoreUse u{.busy_start_s = {0, 0},
            .busy_end_s = {0.1, 0.1},
            .server_cpu = 0,
            .client_cpu = 1,
            .server_own_s = 0.12,
            .client_own_s = 0.11};  // tick rounding
  EXPECT_DOUBLE_EQ(*foreign_cpu_pct(u, 1), 0.0);
}

TEST(ForeignLoadMathTest, UnpinnedCountsEveryCoreLessAllOfPushbench) {
  CoreUse u{.busy_start_s = {0, 0},
            .busy_end_s = {1, 1},
            .server_own_s = 0.5,
            .client_own_s = 0.3,
            .self_own_s = 0.2};
  EXPECT_NEAR(*foreign_cpu_pct(u, 4), 25.0, 1e-9);  // 2 - 1 = 1 s over 4 s
}

// The delay stage pinned with a process is pushbench's own, not another process's load.
TEST(ForeignLoadMathTest, DelayStagesAreNotForeign) {
  CoreUse u{.busy_start_s = {10, 20},
            .busy_end_s = {11.5, 21.0},
            .server_cpu = 0,
            .client_cpu = 1,
            .server_own_s = 0.5,
            .client_own_s = 0.4,
            .delay_client_core_s = 0.5,
            .delay_server_core_s = 0.8};
  // core 0: 1.5 - 0.5 - 0.8 = 0.2 foreign; core 1: 1.0 - 0.4 - 0.5 = 0.1.
  EXPECT_NEAR(*foreign_cpu_pct(u, 2), 10.0, 1e-9);
  u.server_cpu = u.client_cpu = -1;  // not pinned: 2.5 busy - 0.9 - 1.3 = 0.3
  EXPECT_NEAR(*foreign_cpu_pct(u, 2), 15.0, 1e-9);
}

TEST(ForeignLoadMathTest, UnknownWithoutProcStat) {
  EXPECT_FALSE(foreign_cpu_pct(CoreUse{}, 1).has_value());
}

}  // namespace
}  // namespace pushbench
