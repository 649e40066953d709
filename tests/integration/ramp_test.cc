// `pushbench ramp`: ws holds both of two small steps under a 50 ms p99 objective while poll at a
// 100 ms interval stops at its first (its p99 is about one interval), and every step is an
// ordinary row of results.csv. On a busy machine a step may stop on foreign_load instead, which
// the verdict must then say.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "csv_writer.h"
#include "test_support.h"

namespace pushbench::test {
namespace {

TEST(RampTest, StopsEachTransportAtTheFirstStepThatDoesNotHoldAndSaysWhy) {
  TempDir dir;
  const ProcessResult r = run_process({PUSHBENCH_CLI_BIN,
                                       "ramp",
                                       "-t",
                                       "ws,poll",
                                       "-c",
                                       "10,5",
                                       "--slo-p99",
                                       "50ms",
                                       "--poll-interval",
                                       "100ms",
                                       "--rate",
                                       "20",
                                       "-w",
                                       "0.5",
                                       "-d",
                                       "1",
                                       "--drain",
                                       "0.5",
                                       "--no-plots",
                                       "-q",
                                       "-o",
                                       dir.file("out")},
                                      dir.path(), dir.path(), std::chrono::seconds(120));
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  const auto ramp = csv_parse(read_file(dir.file("out/ramp.csv")));
  ASSERT_EQ(ramp.size(), 3U) << read_file(dir.file("out/ramp.csv"));
  const std::vector<std::string>& header = ramp[0];
  auto at = [&header](const std::vector<std::string>& row, const std::string& column) {
    const auto it = std::find(header.begin(), header.end(), column);
    return it == header.end() ? std::string("<no column>")
                              : row[static_cast<size_t>(it - header.begin())];
  };
  const std::vector<std::string>& ws = ramp[1];
  const std::vector<std::string>& poll = ramp[2];
  EXPECT_EQ(at(ws, "transport"), "ws");
  if (at(ws, "reason").find("foreign_load") == std::string::npos) {
    EXPECT_EQ(at(ws, "held_clients"), "10") << "steps run ascending: 5 then 10";
    EXPECT_EQ(at(ws, "reason"), "every step held");
    EXPECT_EQ(at(ws, "stopped_at_clients"), "");
  }
  EXPECT_EQ(at(poll, "transport"), "poll");
  EXPECT_EQ(at(poll, "held_clients"), "");
  EXPECT_EQ(at(poll, "stopped_at_clients"), "5");
  EXPECT_NE(at(poll, "reason").find("> 50 ms"), std::string::npos) << at(poll, "reason");
  // Every step that ran is a results.csv row (ws 5 and 10, or fewer on foreign load; poll 5).
  const auto rows = csv_parse(read_file(dir.file("out/results.csv")));
  EXPECT_GE(rows.size(), 3U);
  EXPECT_LE(rows.size(), 4U);
  EXPECT_NE(r.out.find("why it did not hold"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace pushbench::test
