// Unit tests of the lean engine's request: libcurl's bytes for the same poll, built once, the
// cursor rewritten in place whatever its length.
#include "lean_request.h"

#include <gtest/gtest.h>

namespace pushbench {
namespace {

TEST(LeanRequestTest, IsTheRequestLibcurlSends) {
  LeanRequest r("poll", 42, "127.0.0.1", 8080, false);
  EXPECT_EQ(r.text(),
            "GET /poll?client=42&after=-1 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAccept: */*\r\n\r\n");
  LeanRequest close("poll", 7, "127.0.0.1", 80, true);
  EXPECT_EQ(close.text(),
            "GET /poll?client=7&after=-1 HTTP/1.1\r\nHost: 127.0.0.1:80\r\nAccept: */*\r\n"
            "Connection: close\r\n\r\n");
}

TEST(LeanRequestTest, RewritesTheCursorInPlace) {
  LeanRequest r("longpoll", 3, "h", 1, false);
  EXPECT_EQ(
      r.with_cursor(123456789012),
      "GET /longpoll?client=3&after=123456789012 HTTP/1.1\r\nHost: h:1\r\nAccept: */*\r\n\r\n");
  EXPECT_EQ(r.with_cursor(5),
            "GET /longpoll?client=3&after=5 HTTP/1.1\r\nHost: h:1\r\nAccept: */*\r\n\r\n");
  EXPECT_EQ(r.with_cursor(-1),
            "GET /longpoll?client=3&after=-1 HTTP/1.1\r\nHost: h:1\r\nAccept: */*\r\n\r\n");
}

}  // namespace
}  // namespace pushbench
