// SseStream: records split across reads, several per read, ignored lines, limits.
#include "sse_stream.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace pushbench {
namespace {

using Records = std::vector<std::pair<int64_t, std::string>>;

Records feed_in_pieces(const std::string& text, size_t piece) {
  SseStream s(1 << 20);
  Records got;
  for (size_t i = 0; i < text.size(); i += piece) {
    EXPECT_TRUE(
        s.feed(std::string_view(text).substr(i, piece),
               [&](int64_t id, std::string_view d) { got.emplace_back(id, std::string(d)); }));
  }
  return got;
}

const std::string kTwo = "id: 7\ndata: {\"seq\":7}\n\nid: 8\ndata: {\"seq\":8}\n\n";

TEST(SseStreamTest, ParsesSeveralRecordsInOneRead) {
  EXPECT_EQ(feed_in_pieces(kTwo, kTwo.size()), (Records{{7, R"({"seq":7})"}, {8, R"({"seq":8})"}}));
}

TEST(SseStreamTest, ParsesRecordsSplitAtEveryByte) {
  for (size_t piece = 1; piece < kTwo.size(); ++piece) {
    EXPECT_EQ(feed_in_pieces(kTwo, piece), (Records{{7, R"({"seq":7})"}, {8, R"({"seq":8})"}}))
        << "piece=" << piece;
  }
}

TEST(SseStreamTest, WaitsForTheBlankLineThatEndsARecord) {
  SseStream s(1024);
  int n = 0;
  s.feed("id: 1\ndata: x\n", [&](int64_t, std::string_view) { ++n; });
  EXPECT_EQ(n, 0);
  s.feed("\n", [&](int64_t, std::string_view) { ++n; });
  EXPECT_EQ(n, 1);
}

TEST(SseStreamTest, IgnoresCommentsAndUnknownFields) {
  EXPECT_EQ(feed_in_pieces(": keep-alive\nretry: 10\nid: 3\ndata: d\n\n", 5), (Records{{3, "d"}}));
}

// pushbench-server's heartbeat is a record of one comment line (":\n\n"): no event, no error.
TEST(SseStreamTest, ARecordWithoutDataIsNoEvent) {
  EXPECT_EQ(feed_in_pieces(":\n\nid: 4\ndata: e\n\n:\n\nretry: 5\n\n", 3), (Records{{4, "e"}}));
}

TEST(SseStreamTest, ReportsMissingOrBadIdAsMinusOne) {
  EXPECT_EQ(feed_in_pieces("data: a\n\nid: x\ndata: b\n\n", 4), (Records{{-1, "a"}, {-1, "b"}}));
}

TEST(SseStreamTest, RefusesARecordLongerThanTheLimit) {
  SseStream s(20);
  EXPECT_TRUE(s.feed("id: 1\ndata: 12345", [](int64_t, std::string_view) {}));
  EXPECT_FALSE(s.feed("67890", [](int64_t, std::string_view) {}));
}

TEST(SseStreamTest, StartsCleanAfterReset) {
  SseStream s(1024);
  Records got;
  s.feed("id: 1\ndata: half", [&](int64_t id, std::string_view d) { got.emplace_back(id, d); });
  s.reset();
  s.feed("id: 2\ndata: whole\n\n",
         [&](int64_t id, std::string_view d) { got.emplace_back(id, d); });
  EXPECT_EQ(got, (Records{{2, "whole"}}));
}

}  // namespace
}  // namespace pushbench
