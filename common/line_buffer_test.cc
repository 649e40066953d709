// Unit tests for LineBuffer: lines split across reads, several lines per read, the length cap.
#include "line_buffer.h"

#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

namespace pushbench {
namespace {

// Feeds every chunk in turn; returns the lines seen, or {"<error>"} appended on a failed feed.
std::vector<std::string> lines_of(LineBuffer& b, const std::vector<std::string>& chunks) {
  std::vector<std::string> out;
  for (const std::string& c : chunks) {
    if (!b.feed(c, [&](std::string_view line) { out.emplace_back(line); })) {
      out.emplace_back("<error>");
    }
  }
  return out;
}

TEST(LineBufferTest, DeliversEveryLineWhenSeveralArriveInOneRead) {
  LineBuffer b(16);
  EXPECT_EQ(lines_of(b, {"a\nbb\n\nccc\n"}), (std::vector<std::string>{"a", "bb", "", "ccc"}));
  EXPECT_EQ(b.pending_bytes(), 0U);
}

TEST(LineBufferTest, JoinsLineWhenSplitAcrossReads) {
  LineBuffer b(16);
  EXPECT_EQ(lines_of(b, {"ab", "c", "d\ne", "f\n"}), (std::vector<std::string>{"abcd", "ef"}));
}

TEST(LineBufferTest, KeepsUnfinishedTailWhenReadEndsMidLine) {
  LineBuffer b(16);
  EXPECT_EQ(lines_of(b, {"x\nyz"}), (std::vector<std::string>{"x"}));
  EXPECT_EQ(b.pending_bytes(), 2U);
  b.clear();
  EXPECT_EQ(lines_of(b, {"w\n"}), (std::vector<std::string>{"w"}));
}

TEST(LineBufferTest, SplitsEveryByteWhenReadOneAtATime) {
  LineBuffer b(16);
  const std::string text = "12\n345\n";
  std::vector<std::string> chunks;
  for (char c : text) {
    chunks.emplace_back(1, c);
  }
  EXPECT_EQ(lines_of(b, chunks), (std::vector<std::string>{"12", "345"}));
}

TEST(LineBufferTest, AcceptsLineWhenExactlyMaxLong) {
  LineBuffer b(4);
  EXPECT_EQ(lines_of(b, {"ab", "cd\n"}), (std::vector<std::string>{"abcd"}));
}

TEST(LineBufferTest, FailsWhenLineExceedsMaxInOneRead) {
  LineBuffer b(4);
  EXPECT_EQ(lines_of(b, {"ok\nabcde\n"}), (std::vector<std::string>{"ok", "<error>"}));
  EXPECT_EQ(b.pending_bytes(), 0U);
}

TEST(LineBufferTest, FailsWhenUnterminatedLineGrowsPastMax) {
  LineBuffer b(4);
  EXPECT_EQ(lines_of(b, {"abc", "de"}), (std::vector<std::string>{"<error>"}));
}

TEST(LineBufferTest, FailsWhenSplitLineEndsPastMax) {
  LineBuffer b(4);
  EXPECT_EQ(lines_of(b, {"abc", "de\n"}), (std::vector<std::string>{"<error>"}));
}

// One long line must not pin its buffer: after it, at most kKeepCapacity is kept.
TEST(LineBufferTest, ReleasesCapacityOfLongLineOnceDelivered) {
  LineBuffer b(1 << 20);
  const std::string part(1000, 'a');
  std::vector<std::string> chunks(999, part);
  chunks.push_back(part + "\n");
  const std::vector<std::string> lines = lines_of(b, chunks);
  ASSERT_EQ(lines.size(), 1U);
  EXPECT_EQ(lines[0].size(), 1'000'000U);
  EXPECT_LE(b.capacity(), LineBuffer::kKeepCapacity);
  // Short split lines keep their small buffer (no allocation per line).
  EXPECT_EQ(lines_of(b, {"ab", "c\n"}), (std::vector<std::string>{"abc"}));
  EXPECT_LE(b.capacity(), LineBuffer::kKeepCapacity);
}

TEST(LineBufferTest, ReleasesCapacityWhenLineExceedsMax) {
  LineBuffer b(8192);
  EXPECT_EQ(lines_of(b, {std::string(8000, 'a'), std::string(500, 'a')}),
            (std::vector<std::string>{"<error>"}));
  EXPECT_LE(b.capacity(), LineBuffer::kKeepCapacity);
}

}  // namespace
}  // namespace pushbench
