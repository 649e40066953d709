// HeaderTableAllocator (header_table_allocator.h): while installed, lws' two header-table
// blocks come from its pool and go back to it; every other lws allocation stays malloc's; a
// table that does not fit a block falls back to malloc; uninstalled, lws is on malloc again.
#include "header_table_allocator.h"

#include <libwebsockets.h>

#include <gtest/gtest.h>

#include <cstring>
#include <stdexcept>

namespace pushbench {
namespace {

TEST(HeaderTableAllocatorTest, PutsHeaderTablesInThePoolAndNothingElse) {
  HeaderTableAllocator tables(16, 4);
  void* ah = lws_realloc(nullptr, 976, "ah struct");
  void* data = lws_realloc(nullptr, 4096, "ah data");
  void* wsi = lws_realloc(nullptr, 952, "new server wsi");
  void* big = lws_realloc(nullptr, 8192, "ah data");  // max_http_header_data above a block
  ASSERT_NE(ah, nullptr);
  ASSERT_NE(data, nullptr);
  ASSERT_NE(wsi, nullptr);
  ASSERT_NE(big, nullptr);
  EXPECT_TRUE(tables.pool().owns(ah));
  EXPECT_TRUE(tables.pool().owns(data));
  EXPECT_FALSE(tables.pool().owns(wsi));
  EXPECT_FALSE(tables.pool().owns(big));
  EXPECT_EQ(tables.pool().in_use(), 2u);
  std::memset(data, 'x', 4096);
  // Grown past a block, a table moves to malloc with its contents.
  void* grown = lws_realloc(data, 6000, "ah data");
  ASSERT_NE(grown, nullptr);
  EXPECT_FALSE(tables.pool().owns(grown));
  EXPECT_EQ(static_cast<const char*>(grown)[4095], 'x');
  EXPECT_EQ(tables.pool().in_use(), 1u);
  for (void* p : {ah, wsi, big, grown}) {
    EXPECT_EQ(lws_realloc(p, 0, "free"), nullptr);
  }
  EXPECT_EQ(tables.pool().in_use(), 0u);
}

TEST(HeaderTableAllocatorTest, FallsBackToMallocWhenThePoolIsFull) {
  HeaderTableAllocator tables(1, 2);  // two blocks: one table
  void* a = lws_realloc(nullptr, 976, "ah struct");
  void* b = lws_realloc(nullptr, 4096, "ah data");
  void* c = lws_realloc(nullptr, 976, "ah struct");
  ASSERT_NE(c, nullptr);
  EXPECT_TRUE(tables.pool().owns(a));
  EXPECT_TRUE(tables.pool().owns(b));
  EXPECT_FALSE(tables.pool().owns(c));
  for (void* p : {a, b, c}) {
    lws_realloc(p, 0, "free");
  }
}

TEST(HeaderTableAllocatorTest, OneAtATimeAndMallocAgainWhenGone) {
  void* after = nullptr;
  {
    HeaderTableAllocator tables(4, 1);
    EXPECT_THROW(HeaderTableAllocator second(4, 1), std::logic_error);
    void* in = lws_realloc(nullptr, 4096, "ah data");
    EXPECT_TRUE(tables.pool().owns(in));
    lws_realloc(in, 0, "free");
  }
  after = lws_realloc(nullptr, 4096, "ah data");
  ASSERT_NE(after, nullptr);
  lws_realloc(after, 0, "free");    // malloc's: freeing it must not touch the gone pool
  HeaderTableAllocator next(4, 1);  // and a new one may be installed
  void* p = lws_realloc(nullptr, 976, "ah struct");
  EXPECT_TRUE(next.pool().owns(p));
  lws_realloc(p, 0, "free");
}

}  // namespace
}  // namespace pushbench
