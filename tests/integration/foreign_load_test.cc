// A row is flagged `foreign_load` when another process used the measured cores during the
// window: a busy loop pinned to the server's core (CPU 0) must show in foreign_cpu_pct and the
// flag. (The quiet case is not asserted: this machine is shared.)
#include <thread>

#include <gtest/gtest.h>

#include "child_process.h"
#include "test_support.h"

namespace pushbench::test {
namespace {

TEST(ForeignLoadTest, ABusyLoopOnTheServersCoreFlagsTheRow) {
  if (std::thread::hardware_concurrency() < 2) {
    GTEST_SKIP() << "one CPU: pushbench run does not pin, so there is no server core to load";
  }
  TempDir dir;
  ChildProcess busy({"/bin/sh", "-c", "while :; do :; done"}, 0, dir.file("busy.stderr"));
  const std::string out = dir.file("out");
  const ProcessResult r =
      run_process({PUSHBENCH_CLI_BIN, "run", "--transports", "ws", "--clients", "10", "--warmup",
                   "1", "--duration", "2", "--drain", "0.5", "--no-plots", "--out", out},
                  dir.path(), dir.path(), std::chrono::seconds(60));
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  const auto rows = read_results(out + "/results.csv");
  ASSERT_EQ(rows.size(), 1U);
  // The loop competes with the server for CPU 0: it gets about half of it, far above 10 %.
  EXPECT_GT(number(rows[0], "foreign_cpu_pct"), 10.0);
  EXPECT_NE(rows[0].at("flags").find("foreign_load"), std::string::npos)
      << "flags: " << rows[0].at("flags");
}

}  // namespace
}  // namespace pushbench::test
