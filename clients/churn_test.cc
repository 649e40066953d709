// --churn's seeded timeline (churn.h): the spacing from the clients and the percentage, a
// clients-only index, the same clients at the same times for one seed, nothing due at 0 %.
#include "churn.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <vector>

namespace pushbench {
namespace {

constexpr int64_t kStart = 5'000'000'000;
constexpr int64_t kNever = std::numeric_limits<int64_t>::max();

std::vector<int> churned(Churn& churn, int64_t now) {
  std::vector<int> out;
  churn.due(now, [&](int index) { out.push_back(index); });
  return out;
}

TEST(ChurnTest, NothingIsDueWithoutChurn) {
  for (Churn churn : {Churn(100, 0, 1, kStart), Churn(0, 50, 1, kStart)}) {
    EXPECT_EQ(churn.next_due_ns(), kNever);
    EXPECT_TRUE(churned(churn, kNever - 1).empty());
  }
}

TEST(ChurnTest, PctOfTheClientsEverySecondEvenlySpaced) {
  Churn churn(100, 20, 7, kStart);  // 20 clients a second: one every 50 ms
  EXPECT_EQ(churn.next_due_ns(), kStart + 50'000'000);
  EXPECT_TRUE(churned(churn, kStart + 50'000'000 - 1).empty());
  EXPECT_EQ(churned(churn, kStart + 50'000'000).size(), 1u);  // due at its time, not after
  EXPECT_EQ(churn.next_due_ns(), kStart + 100'000'000);
  // Called late: every churn missed meanwhile comes at once, and the timeline stays fixed.
  EXPECT_EQ(churned(churn, kStart + 1'000'000'000).size(), 19u);
  EXPECT_EQ(churn.next_due_ns(), kStart + 1'050'000'000);
}

TEST(ChurnTest, TheSpacingHasAFloorOfOneMicrosecond) {
  Churn churn(10'000'000, 100, 1, kStart);  // 10 million a second would be 100 ns apart
  EXPECT_EQ(churn.next_due_ns(), kStart + 1000);
  EXPECT_EQ(churned(churn, kStart + 1'000'000).size(), 1000u);
}

TEST(ChurnTest, DrawsEveryClientAndOnlyClients) {
  Churn churn(10, 100, 3, kStart);  // one every 100 ms
  std::vector<int> seen(10, 0);
  for (int index : churned(churn, kStart + 100'000'000'000)) {  // 1,000 draws
    ASSERT_GE(index, 0);
    ASSERT_LT(index, 10);
    ++seen[static_cast<size_t>(index)];
  }
  for (int count : seen) {
    EXPECT_GT(count, 50);  // 100 expected each; a fixed seed, so no flake
  }
}

TEST(ChurnTest, OneSeedChurnsTheSameClientsAtTheSameTimes) {
  Churn a(1000, 5, 42, kStart);
  Churn b(1000, 5, 42, kStart);
  Churn other(1000, 5, 43, kStart);
  const std::vector<int> first = churned(a, kStart + 10'000'000'000);
  EXPECT_EQ(first.size(), 500u);
  EXPECT_EQ(churned(b, kStart + 10'000'000'000), first);
  EXPECT_NE(churned(other, kStart + 10'000'000'000), first);
  // The start only shifts the timeline.
  Churn later(1000, 5, 42, kStart + 777);
  EXPECT_EQ(later.next_due_ns(), kStart + 777 + 20'000'000);
  EXPECT_EQ(churned(later, kStart + 777 + 10'000'000'000), first);
}

}  // namespace
}  // namespace pushbench
