// EventQueue: FIFO order across wrap-around and growth, push_front, reverse iteration, and no
// memory until the first event.
#include "event_queue.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <deque>
#include <random>
#include <vector>

namespace pushbench {
namespace {

EventRef event(int64_t seq) {
  auto ev = std::make_shared<EncodedEvent>();
  ev->seq = seq;
  return ev;
}

std::vector<int64_t> seqs(const EventQueue& q) {
  std::vector<int64_t> out;
  for (const EventRef& ev : q) {
    out.push_back(ev->seq);
  }
  return out;
}

TEST(EventQueueTest, HoldsNoMemoryUntilItsFirstEvent) {
  EventQueue q;
  EXPECT_TRUE(q.empty());
  EXPECT_EQ(q.capacity(), 0u);
  EXPECT_EQ(q.begin(), q.end());
  q.push_back(event(1));
  EXPECT_GT(q.capacity(), 0u);
  EXPECT_EQ(q.front()->seq, 1);
}

TEST(EventQueueTest, PushFrontOnAnEmptyQueue) {
  EventQueue q;
  q.push_front(event(7));
  q.push_back(event(8));
  q.push_front(event(6));
  EXPECT_EQ(seqs(q), (std::vector<int64_t>{6, 7, 8}));
}

TEST(EventQueueTest, ReleasesEveryEventItDrops) {
  EventRef ev = event(1);
  EventQueue q;
  q.push_back(ev);
  q.push_back(ev);
  EXPECT_EQ(ev.use_count(), 3);
  q.pop_front();
  EXPECT_EQ(ev.use_count(), 2);
  q.clear();
  EXPECT_EQ(ev.use_count(), 1);
  EXPECT_TRUE(q.empty());
}

TEST(EventQueueTest, MovesItsEventsAndLeavesTheSourceEmpty) {
  EventQueue a;
  a.push_back(event(1));
  a.push_back(event(2));
  EventQueue b(std::move(a));
  EXPECT_EQ(seqs(b), (std::vector<int64_t>{1, 2}));
  EXPECT_TRUE(a.empty());  // NOLINT(bugprone-use-after-move): moved-from is specified empty
  EXPECT_EQ(a.capacity(), 0u);
  a = std::move(b);
  EXPECT_EQ(seqs(a), (std::vector<int64_t>{1, 2}));
}

// A seeded random mix of every operation, checked against std::deque after each: the order
// survives wrap-around and growth at every offset of the ring.
TEST(EventQueueTest, BehavesAsADequeUnderARandomMixOfOperations) {
  std::mt19937 rng(1);
  EventQueue q;
  std::deque<int64_t> want;
  int64_t next = 0;
  for (int step = 0; step < 20000; ++step) {
    const auto op = rng() % 10;
    if (op < 5) {
      q.push_back(event(next));
      want.push_back(next++);
    } else if (op < 6) {
      q.push_front(event(next));
      want.push_front(next++);
    } else if (op < 9 && !want.empty()) {
      ASSERT_EQ(q.front()->seq, want.front()) << "step " << step;
      q.pop_front();
      want.pop_front();
    } else if (op == 9 && rng() % 50 == 0) {
      q.clear();
      want.clear();
    }
    ASSERT_EQ(q.size(), want.size()) << "step " << step;
    if (step % 97 == 0) {
      ASSERT_EQ(seqs(q), std::vector<int64_t>(want.begin(), want.end())) << "step " << step;
      std::vector<int64_t> backwards;
      for (auto it = q.rbegin(); it != q.rend(); ++it) {
        backwards.push_back((*it)->seq);
      }
      ASSERT_EQ(backwards, std::vector<int64_t>(want.rbegin(), want.rend())) << "step " << step;
    }
  }
}

}  // namespace
}  // namespace pushbench
