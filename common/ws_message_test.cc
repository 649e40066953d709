// Unit tests for WsMessage (reassembly, size limit, UTF-8, released capacity) and valid_utf8.
#include "ws_message.h"

#include <string>

#include <gtest/gtest.h>

namespace pushbench {
namespace {

using Status = WsMessage::Status;

TEST(ValidUtf8Test, AcceptsAsciiAndWellFormedMultiByteSequences) {
  EXPECT_TRUE(valid_utf8(""));
  EXPECT_TRUE(valid_utf8("{\"seq\":1}"));
  EXPECT_TRUE(valid_utf8("\xC3\xA9"));          // é
  EXPECT_TRUE(valid_utf8("\xE2\x82\xAC"));      // €
  EXPECT_TRUE(valid_utf8("\xF0\x9F\x98\x80"));  // U+1F600
  EXPECT_TRUE(valid_utf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF
}

TEST(ValidUtf8Test, RejectsMalformedSequences) {
  EXPECT_FALSE(valid_utf8("\x80"));              // continuation byte first
  EXPECT_FALSE(valid_utf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(valid_utf8("\xE0\x80\xAF"));      // overlong, 3 bytes
  EXPECT_FALSE(valid_utf8("\xED\xA0\x80"));      // surrogate U+D800
  EXPECT_FALSE(valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(valid_utf8("\xF5\x80\x80\x80"));
  EXPECT_FALSE(valid_utf8("\xFF"));
  EXPECT_FALSE(valid_utf8("\xC3"));  // truncated
  EXPECT_FALSE(valid_utf8("\xE2\x82"));
  EXPECT_FALSE(valid_utf8("\xE2\x28\xA1"));  // bad continuation
  EXPECT_FALSE(valid_utf8("ok\xCE\xBA\xE1\xBD\xB9\xCF\x83\xCE\xBC\xCE\xB5\xED\xA0\x80"));
}

TEST(WsMessageTest, HandsOutSinglePieceWithoutCopy) {
  WsMessage m(64);
  const std::string piece = "{\"seq\":1}";
  ASSERT_EQ(m.add(piece, true, true), Status::kComplete);
  EXPECT_EQ(m.message(), piece);
  EXPECT_EQ(m.message().data(), piece.data());
}

TEST(WsMessageTest, JoinsPiecesUntilLast) {
  WsMessage m(64);
  EXPECT_EQ(m.add("{\"se", false, true), Status::kPartial);
  EXPECT_EQ(m.add("q\":", false, true), Status::kPartial);
  ASSERT_EQ(m.add("1}", true, true), Status::kComplete);
  EXPECT_EQ(m.message(), "{\"seq\":1}");
  m.clear();
  ASSERT_EQ(m.add("x", true, true), Status::kComplete);
  EXPECT_EQ(m.message(), "x") << "the previous message's pieces were not forgotten";
}

TEST(WsMessageTest, AcceptsUtf8CharacterSplitAcrossPieces) {
  WsMessage m(64);
  EXPECT_EQ(m.add("a\xE2\x82", false, true), Status::kPartial);
  ASSERT_EQ(m.add("\xAC", true, true), Status::kComplete);
  EXPECT_EQ(m.message(), "a\xE2\x82\xAC");
}

TEST(WsMessageTest, RejectsInvalidUtf8OnlyInTextMessages) {
  WsMessage m(64);
  EXPECT_EQ(m.add("\xFF\xFE", true, true), Status::kBadUtf8);
  EXPECT_EQ(m.add("\xFF\xFE", true, false), Status::kComplete) << "binary is not UTF-8";
  m.clear();
  EXPECT_EQ(m.add("ok", false, true), Status::kPartial);
  EXPECT_EQ(m.add("\xC0\xAF", true, true), Status::kBadUtf8);
}

TEST(WsMessageTest, RejectsMessageAboveLimitBeforeCopyingIt) {
  WsMessage m(8);
  EXPECT_EQ(m.add("12345678", true, true), Status::kComplete) << "exactly the limit";
  m.clear();
  EXPECT_EQ(m.add("12345", false, true), Status::kPartial);
  EXPECT_EQ(m.add("6789", true, true), Status::kTooLarge);
  EXPECT_EQ(m.add("123456789", false, true), Status::kTooLarge);
  EXPECT_EQ(m.add("1234", true, true), Status::kComplete) << "usable again after the error";
  EXPECT_EQ(m.message(), "1234");
}

TEST(WsMessageTest, ReleasesCapacityOfLargeMessageOnceHandled) {
  WsMessage m(1 << 20);
  const std::string piece(1000, 'a');
  for (int i = 0; i < 999; ++i) {
    ASSERT_EQ(m.add(piece, false, true), Status::kPartial);
  }
  ASSERT_EQ(m.add(piece, true, true), Status::kComplete);
  EXPECT_EQ(m.message().size(), 1'000'000u);
  EXPECT_GE(m.capacity(), 1'000'000u);
  m.clear();
  EXPECT_LE(m.capacity(), WsMessage::kKeepCapacity);
  // A small fragmented message keeps its buffer (no allocation per message).
  ASSERT_EQ(m.add("ab", false, true), Status::kPartial);
  ASSERT_EQ(m.add("c", true, true), Status::kComplete);
  const size_t kept = m.capacity();
  m.clear();
  EXPECT_EQ(m.capacity(), kept);
  // Also when the caller never calls clear(): the next message releases it.
  for (int i = 0; i < 100; ++i) {
    ASSERT_EQ(m.add(piece, false, true), Status::kPartial);
  }
  ASSERT_EQ(m.add("", true, true), Status::kComplete);
  ASSERT_EQ(m.add("x", true, true), Status::kComplete);
  EXPECT_LE(m.capacity(), WsMessage::kKeepCapacity);
  // And after a limit error.
  WsMessage small(5000);
  ASSERT_EQ(small.add(std::string(4900, 'a'), false, true), Status::kPartial);
  ASSERT_EQ(small.add(std::string(200, 'a'), true, true), Status::kTooLarge);
  EXPECT_LE(small.capacity(), WsMessage::kKeepCapacity);
}

}  // namespace
}  // namespace pushbench
