// Medians and the one-sided Mann-Whitney U test against values computed by hand (and by
// scipy.stats.mannwhitneyu(..., alternative="less") for the same samples).
#include <gtest/gtest.h>

#include "compare_stats.h"
#include "summary.h"

namespace pushbench {
namespace {

TEST(CompareStatsTest, MedianOfOddAndEvenCounts) {
  EXPECT_DOUBLE_EQ(median({3, 1, 2}), 2);
  EXPECT_DOUBLE_EQ(median({4, 1, 3, 2}), 2.5);
  EXPECT_DOUBLE_EQ(median({7}), 7);
  EXPECT_DOUBLE_EQ(median({1.7e308, 1.7e308}), 1.7e308);  // the sum would be inf
}

TEST(CompareStatsTest, ExactPWhenNewIsEntirelyLarger) {
  // One arrangement of C(6,3) = 20 puts all three b above all three a.
  EXPECT_NEAR(mann_whitney_greater_p({1, 2, 3}, {4, 5, 6}), 1.0 / 20, 1e-12);
  // C(10,5) = 252.
  EXPECT_NEAR(mann_whitney_greater_p({1, 2, 3, 4, 5}, {6, 7, 8, 9, 10}), 1.0 / 252, 1e-12);
}

TEST(CompareStatsTest, ExactPWhenNewIsSmallerIsNearOne) {
  EXPECT_NEAR(mann_whitney_greater_p({4, 5, 6}, {1, 2, 3}), 1.0, 1e-12);
}

TEST(CompareStatsTest, ExactPOfAnInterleaving) {
  // a = {1, 3, 5}, b = {2, 4, 6}: U = 6 of 9; arrangements with U >= 6: 7 of 20 (scipy's exact
  // method: 0.35).
  EXPECT_NEAR(mann_whitney_greater_p({1, 3, 5}, {2, 4, 6}), 7.0 / 20, 1e-12);
}

TEST(CompareStatsTest, NormalApproximationWithTies) {
  const std::vector<double> a = {1, 2, 2, 3, 3, 3, 4, 4, 5, 5};
  const std::vector<double> b = {3, 4, 4, 5, 5, 5, 6, 6, 7, 7};
  // scipy 1.10 mannwhitneyu(a, b, alternative="less") (asymptotic, tie- and
  // continuity-corrected): p = 0.003577026806839407.
  EXPECT_NEAR(mann_whitney_greater_p(a, b), 0.003577026806839407, 1e-9);
}

TEST(CompareStatsTest, PIsOneWhenEveryValueIsEqualOrASideIsEmpty) {
  EXPECT_DOUBLE_EQ(mann_whitney_greater_p({5, 5, 5}, {5, 5, 5}), 1);
  EXPECT_DOUBLE_EQ(mann_whitney_greater_p({}, {1, 2}), 1);
}

}  // namespace
}  // namespace pushbench
