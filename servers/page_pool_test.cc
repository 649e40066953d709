// PagePool (page_pool.h): distinct blocks inside its mapping, the most recently freed first, a
// full pool says so, of the free blocks no more than `spare` stay resident (mincore), and a
// steady load within the spare makes no release, also after a burst.
#include "page_pool.h"

#include <sys/mman.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <set>
#include <vector>

namespace pushbench {
namespace {

// How many of the blocks are resident.
size_t resident(const std::vector<void*>& blocks) {
  const auto page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  size_t n = 0;
  for (void* b : blocks) {
    for (size_t off = 0; off < PagePool::kBlockSize; off += page) {
      unsigned char v = 0;
      EXPECT_EQ(::mincore(static_cast<char*>(b) + off, page, &v), 0);
      n += (v & 1) != 0 ? 1 : 0;
    }
  }
  return n * page / PagePool::kBlockSize;
}

TEST(PagePoolTest, HandsOutDistinctAlignedBlocksItOwnsUntilFull) {
  PagePool pool(8, 2);
  std::set<uintptr_t> seen;
  std::vector<void*> blocks;
  for (int i = 0; i < 8; ++i) {
    void* b = pool.take();
    ASSERT_NE(b, nullptr);
    EXPECT_TRUE(pool.owns(b));
    EXPECT_TRUE(pool.owns(static_cast<char*>(b) + PagePool::kBlockSize - 1));
    EXPECT_EQ(reinterpret_cast<uintptr_t>(b) % PagePool::kBlockSize, 0u);
    EXPECT_TRUE(seen.insert(reinterpret_cast<uintptr_t>(b)).second);
    std::memset(b, 0xab, PagePool::kBlockSize);  // every byte is usable
    blocks.push_back(b);
  }
  EXPECT_EQ(pool.take(), nullptr) << "a full pool";
  EXPECT_EQ(pool.in_use(), 8u);
  int on_stack = 0;
  EXPECT_FALSE(pool.owns(&on_stack));
  for (void* b : blocks) {
    pool.give_back(b);
  }
  EXPECT_EQ(pool.in_use(), 0u);
  EXPECT_EQ(pool.free_blocks(), 8u);
}

TEST(PagePoolTest, TakesTheMostRecentlyFreedBlockFirst) {
  PagePool pool(4, 4);
  void* a = pool.take();
  void* b = pool.take();
  pool.give_back(a);
  pool.give_back(b);
  EXPECT_EQ(pool.take(), b);
  EXPECT_EQ(pool.take(), a);
}

TEST(PagePoolTest, KeepsAtMostSpareFreeBlocksResident) {
  constexpr size_t kSpare = 3;
  PagePool pool(64, kSpare);
  std::vector<void*> blocks;
  for (int i = 0; i < 64; ++i) {
    blocks.push_back(pool.take());
    std::memset(blocks.back(), 1, PagePool::kBlockSize);
  }
  EXPECT_EQ(resident(blocks), 64u);
  for (void* b : blocks) {
    pool.give_back(b);
  }
  EXPECT_EQ(pool.released(), 64u - kSpare);
  EXPECT_LE(resident(blocks), kSpare);
  // Taken again, an emptied block reads as zeros and is usable.
  std::vector<void*> again;
  for (int i = 0; i < 64; ++i) {
    again.push_back(pool.take());
  }
  size_t zero_blocks = 0;
  for (void* b : again) {
    const auto* p = static_cast<const unsigned char*>(b);
    zero_blocks += (p[0] == 0 && p[PagePool::kBlockSize - 1] == 0) ? 1 : 0;
  }
  EXPECT_EQ(zero_blocks, 64u - kSpare);
}

TEST(PagePoolTest, SteadyUseBelowTheSpareMakesNoReleaseEvenAfterABurst) {
  PagePool pool(64, 8);
  std::vector<void*> burst;
  for (int i = 0; i < 64; ++i) {
    burst.push_back(pool.take());
  }
  for (void* b : burst) {
    pool.give_back(b);
  }
  const uint64_t after_burst = pool.released();
  EXPECT_EQ(after_burst, 64u - 8u);
  for (int round = 0; round < 1000; ++round) {
    void* a = pool.take();
    void* b = pool.take();
    pool.give_back(a);
    pool.give_back(b);
  }
  EXPECT_EQ(pool.released(), after_burst) << "a block released per request";
}

}  // namespace
}  // namespace pushbench
