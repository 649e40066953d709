// `pushbench compare` as a process: exit codes, the report on stdout, one line on stderr for
// bad input; and the micro benchmarks' JSON accepted by the gate.
#include <gtest/gtest.h>

#include <chrono>

#include "results_fixture.h"
#include "test_support.h"

namespace pushbench::test {
namespace {

constexpr auto kTimeout = std::chrono::seconds(60);

ProcessResult pushbench(const TempDir& dir, std::vector<std::string> args) {
  args.insert(args.begin(), PUSHBENCH_CLI_BIN);
  return run_process(args, dir.path(), dir.path(), kTimeout);
}

TEST(CompareCliTest, ExitsZeroOnIdenticalResults) {
  TempDir dir;
  ResultsFixture().write(dir.file("a"));
  ResultsFixture().write(dir.file("b"));
  const auto r = pushbench(dir, {"compare", dir.file("a"), dir.file("b")});
  EXPECT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_NE(r.out.find("compare: ok"), std::string::npos) << r.describe();
  EXPECT_EQ(r.err, "");
}

TEST(CompareCliTest, ExitsOneWithATableNamingTheMetric) {
  TempDir dir;
  ResultsFixture().write(dir.file("a"));
  ResultsFixture().scale("poll-close", "app_bytes_per_notification", 1.05).write(dir.file("b"));
  const auto r =
      pushbench(dir, {"compare", dir.file("a"), dir.file("b"), "--only", "machine-independent"});
  EXPECT_EQ(r.exit_code, 1) << r.describe();
  const size_t table = r.out.find("REGRESSED: 1 of");
  ASSERT_NE(table, std::string::npos) << r.describe();
  EXPECT_NE(r.out.find("app_bytes_per_notification", table), std::string::npos) << r.describe();
  EXPECT_NE(r.out.find("compare: FAILED"), std::string::npos) << r.describe();
}

TEST(CompareCliTest, RepeatableToleranceOption) {
  TempDir dir;
  ResultsFixture().write(dir.file("a"));
  ResultsFixture()
      .scale("poll", "app_bytes_per_notification", 1.05)
      .scale("poll", "requests_total", 1.05)
      .write(dir.file("b"));
  const auto r = pushbench(
      dir, {"compare", dir.file("a"), dir.file("b"), "--tolerance", "app_bytes_per_notification=6",
            "--tolerance", "requests_per_notification=6"});
  EXPECT_EQ(r.exit_code, 0) << r.describe();
}

TEST(CompareCliTest, BadInputIsOneLineAndExitTwo) {
  TempDir dir;
  ResultsFixture().write(dir.file("a"));
  const std::vector<std::vector<std::string>> cases = {
      {"compare", dir.file("a"), dir.file("missing")},
      {"compare", dir.file("a")},
      {"compare", dir.file("a"), dir.file("a"), "--only", "fast"},
      {"compare", dir.file("a"), dir.file("a"), "--tolerance", "x"},
  };
  for (const auto& args : cases) {
    const auto r = pushbench(dir, args);
    EXPECT_EQ(r.exit_code, 2) << r.describe();
    EXPECT_EQ(r.out, "") << r.describe();
    EXPECT_EQ(split_lines(r.err).size(), 1U) << r.describe();
  }
}

#ifdef PUSHBENCH_MICRO_BIN
// The micro benchmarks run (briefly) and their JSON goes through the gate.
TEST(CompareCliTest, MicroBenchmarkJsonComparesWithItself) {
  TempDir dir;
  const std::string json = dir.file("micro.json");
  const auto run =
      run_process({PUSHBENCH_MICRO_BIN, "--benchmark_min_time=0.001", "--benchmark_repetitions=2",
                   "--benchmark_out_format=json", "--benchmark_out=" + json},
                  dir.path(), dir.path(), kTimeout);
  ASSERT_EQ(run.exit_code, 0) << run.describe();
  const auto r = pushbench(dir, {"compare", json, json});
  EXPECT_EQ(r.exit_code, 0) << r.describe();
  for (const char* name : {"BM_Event_Encode/4096", "BM_EventArray_Parse", "BM_Mailbox_PushPop/1000",
                           "BM_PollResponse_Assemble/10", "BM_WsFrame_Prepare/256",
                           "BM_Latency_Summarize", "BM_Schedule_Generate/1", "BM_Csv_Line"}) {
    EXPECT_NE(r.out.find(name), std::string::npos) << name << "\n" << r.out;
  }
}
#endif

}  // namespace
}  // namespace pushbench::test
