#include "deadline_fifo.h"

#include <algorithm>
#include <cstdint>
#include <set>
#include <vector>

#include <gtest/gtest.h>

namespace pushbench {
namespace {

struct Item {
  int64_t deadline_ns;
  int id;
};

TEST(DeadlineFifoTest, ExpiresOnlyWhatIsDueOldestFirst) {
  DeadlineFifo<Item> fifo;
  const auto live = [](const Item&) { return true; };
  for (int i = 0; i < 5; ++i) {
    fifo.push({100 * (i + 1), i}, live);
  }
  std::vector<int> due;
  fifo.expire(299, [&due](const Item& e) { due.push_back(e.id); });
  EXPECT_EQ(due, (std::vector<int>{0, 1}));  // 100 and 200; 300 is not due at 299
  fifo.expire(300, [&due](const Item& e) { due.push_back(e.id); });
  EXPECT_EQ(due, (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(fifo.size(), 2U);
}

// Entries that went stale (answered polls, connections that got a request) are dropped whenever
// the FIFO doubles: it stays within about twice the live entries however many were pushed, and
// every live entry still expires, in order.
TEST(DeadlineFifoTest, StaysWithinTwiceTheLiveEntriesAndKeepsEveryLiveOne) {
  DeadlineFifo<Item> fifo;
  std::set<int> live_ids;
  const auto live = [&live_ids](const Item& e) { return live_ids.count(e.id) > 0; };
  size_t largest = 0;
  for (int i = 0; i < 300'000; ++i) {
    // One entry in 100 stays live; the others go stale at once (as an answered poll does).
    fifo.push({i, i}, live);
    if (i % 100 == 0) {
      live_ids.insert(i);
    }
    largest = std::max(largest, fifo.size());
  }
  EXPECT_LE(largest, 2 * live_ids.size() + 1024 + 1) << "stale entries were kept";
  std::vector<int> expired_live;
  fifo.expire(300'000, [&](const Item& e) {
    if (live(e)) {
      expired_live.push_back(e.id);
    }
  });
  ASSERT_EQ(expired_live.size(), live_ids.size()) << "a live entry was dropped";
  EXPECT_TRUE(std::is_sorted(expired_live.begin(), expired_live.end()));
  EXPECT_EQ(fifo.size(), 0U);
}

TEST(DeadlineFifoTest, KeepsEverythingWhenEverythingIsLive) {
  DeadlineFifo<Item> fifo;
  for (int i = 0; i < 5000; ++i) {
    fifo.push({i, i}, [](const Item&) { return true; });
  }
  EXPECT_EQ(fifo.size(), 5000U);
}

}  // namespace
}  // namespace pushbench
