// Speed metrics over repetitions: medians, and with >= 5 repetitions a side the Mann-Whitney U
// test decides whether a slowdown beyond the tolerance is real or noise.
#include <gtest/gtest.h>

#include "compare_test_support.h"
#include "results_fixture.h"
#include "test_support.h"

namespace pushbench::test {
namespace {

constexpr int kReps = 10;

class CompareRepetitionsTest : public ::testing::Test {
 protected:
  std::string base() const { return dir().file("base"); }
  std::string cand() const { return dir().file("new"); }
  const TempDir& dir() const noexcept { return dir_; }

 private:
  TempDir dir_;
};

TEST_F(CompareRepetitionsTest, FailsWhenEveryRepetitionIsSlower) {
  const std::vector<double> before = {11, 12, 10.5, 11.5, 12.5, 10, 11, 12, 11.5, 10.5};
  std::vector<double> after;
  after.reserve(before.size());
  for (double v : before) {
    after.push_back(v * 1.5);
  }
  ResultsFixture(kReps)
      .set_per_repetition("ws", "server_cpu_us_per_notification", before)
      .write(base());
  ResultsFixture(kReps)
      .set_per_repetition("ws", "server_cpu_us_per_notification", after)
      .write(cand());
  const auto r = compare(base(), cand());
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.regressions().find("REGRESSED (p="), std::string::npos) << r.out;
  EXPECT_NE(r.regressions().find("10/10"), std::string::npos) << r.out;
}

TEST_F(CompareRepetitionsTest, PassesWhenMedianMovedButTheRepetitionsOverlap) {
  // Medians 11 -> 14.5 (+32 %, beyond 25 %), but the spread is as wide as the shift: the U test
  // cannot tell the two apart, so it is noise.
  const std::vector<double> before = {5, 8, 9, 10, 11, 11, 14, 15, 17, 30};
  const std::vector<double> after = {4, 6, 9, 12, 14, 15, 16, 18, 19, 31};
  ResultsFixture(kReps)
      .set_per_repetition("ws", "server_cpu_us_per_notification", before)
      .write(base());
  ResultsFixture(kReps)
      .set_per_repetition("ws", "server_cpu_us_per_notification", after)
      .write(cand());
  const auto r = compare(base(), cand());
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("noise (p="), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("slower, but not significantly"), std::string::npos) << r.out;
}

TEST_F(CompareRepetitionsTest, FewRepetitionsCompareMediansOnly) {
  const std::vector<double> before = {10, 11, 12};
  const std::vector<double> after = {14, 15, 16};  // +36 %
  ResultsFixture(3)
      .set_per_repetition("ws", "server_cpu_us_per_notification", before)
      .write(base());
  ResultsFixture(3).set_per_repetition("ws", "server_cpu_us_per_notification", after).write(cand());
  const auto r = compare(base(), cand());
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_EQ(r.out.find("(p="), std::string::npos) << "no U test below 5 repetitions\n" << r.out;
}

TEST_F(CompareRepetitionsTest, MachineIndependentMetricsUseTheMedianAndLossUsesTheWorst) {
  ResultsFixture(kReps).write(base());
  ResultsFixture(kReps)
      .set_per_repetition("poll", "notifications_lost", {0, 0, 0, 0, 0, 0, 0, 0, 0, 3})
      .write(cand());
  const auto r = compare(base(), cand());
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.regressions().find("notifications_lost"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace pushbench::test
