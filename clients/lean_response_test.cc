// Unit tests of the lean engine's response reader: status, body by Content-Length, chunked or
// up to the close, keep-alive, header bytes, responses split at any byte, and what is not HTTP.
#include "lean_response.h"

#include <gtest/gtest.h>

#include <string>

namespace pushbench {
namespace {

using Progress = LeanResponse::Progress;

constexpr std::string_view kHeaders =
    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 9\r\n\r\n";

TEST(LeanResponseTest, ReadsAResponseWithContentLength) {
  const std::string bytes = std::string(kHeaders) + "[{\"a\":1}]";
  LeanResponse r;
  ASSERT_EQ(r.feed(bytes), Progress::kComplete);
  EXPECT_EQ(r.status(), 200);
  EXPECT_EQ(r.body(), "[{\"a\":1}]");
  EXPECT_EQ(r.header_bytes(), kHeaders.size());
  EXPECT_TRUE(r.keep_alive());
}

TEST(LeanResponseTest, CompletesAtEveryPossibleSplit) {
  const std::string bytes = std::string(kHeaders) + "[{\"a\":1}]";
  for (size_t cut = 1; cut < bytes.size(); ++cut) {
    LeanResponse r;
    ASSERT_EQ(r.feed(std::string_view(bytes).substr(0, cut)), Progress::kMore) << cut;
    EXPECT_TRUE(r.started());
    ASSERT_EQ(r.feed(std::string_view(bytes).substr(cut)), Progress::kComplete) << cut;
    EXPECT_EQ(r.body(), "[{\"a\":1}]");
    EXPECT_EQ(r.header_bytes(), kHeaders.size());
  }
}

TEST(LeanResponseTest, NoContentThenTheNextResponseOnTheSameConnection) {
  LeanResponse r;
  ASSERT_EQ(r.feed("HTTP/1.1 204 No Content\r\nserver: x\r\n\r\n"), Progress::kComplete);
  EXPECT_EQ(r.status(), 204);
  EXPECT_TRUE(r.body().empty());
  EXPECT_TRUE(r.keep_alive());
  EXPECT_EQ(r.header_bytes(), 38u);  // 25 + 11 + the blank line
  r.reset();
  EXPECT_FALSE(r.started());
  ASSERT_EQ(r.feed(std::string(kHeaders) + "[{\"a\":1}]"), Progress::kComplete);
  EXPECT_EQ(r.status(), 200);
}

TEST(LeanResponseTest, ConnectionCloseAndHttp10AreNotKeptAlive) {
  LeanResponse r;
  ASSERT_EQ(r.feed("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n"), Progress::kComplete);
  EXPECT_FALSE(r.keep_alive());
  r.reset();
  ASSERT_EQ(r.feed("HTTP/1.0 204 No Content\r\n\r\n"), Progress::kComplete);
  EXPECT_FALSE(r.keep_alive());
}

TEST(LeanResponseTest, ChunkedAndCloseDelimitedBodies) {
  LeanResponse r;
  ASSERT_EQ(
      r.feed(
          "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n[1,2\r\n1\r\n]\r\n0\r\n\r\n"),
      Progress::kComplete);
  EXPECT_EQ(r.body(), "[1,2]");
  r.reset();
  ASSERT_EQ(r.feed("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n[3]"), Progress::kMore);
  ASSERT_EQ(r.feed_eof(), Progress::kComplete);
  EXPECT_EQ(r.body(), "[3]");
  EXPECT_FALSE(r.keep_alive());
}

TEST(LeanResponseTest, RefusesWhatIsNotOneHttpResponse) {
  LeanResponse garbage;
  EXPECT_EQ(garbage.feed("SSH-2.0-OpenSSH\r\n"), Progress::kError);
  LeanResponse extra;  // one request out: nothing may follow its response
  EXPECT_EQ(extra.feed("HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n"),
            Progress::kError);
  LeanResponse cut;  // the server closed in the middle of a Content-Length body
  ASSERT_EQ(cut.feed(std::string(kHeaders) + "[{"), Progress::kMore);
  EXPECT_EQ(cut.feed_eof(), Progress::kError);
  LeanResponse nothing;
  EXPECT_EQ(nothing.feed_eof(), Progress::kError);
}

}  // namespace
}  // namespace pushbench
