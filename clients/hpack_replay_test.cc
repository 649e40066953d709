// HpackReplay: a connection's first request pays for its headers, later ones send indices.
#include "hpack_replay.h"

#include <gtest/gtest.h>

#include "curl_handles.h"

namespace pushbench {
namespace {

HpackReplay::Request poll(const CurlSlist& headers, std::string_view target) {
  return {.method = "GET", .target = target, .authority = "x", .headers = headers.get()};
}

TEST(HpackReplayTest, FirstBlockPaysForTheHeadersLaterOnesForThePath) {
  CurlSlist headers;
  append(headers, "Host: 127.0.0.1:8443");
  HpackReplay r;
  const auto first = r.encode(7, poll(headers, "/poll?client=1&after=-1"));
  const auto second = r.encode(7, poll(headers, "/poll?client=1&after=10"));
  const auto third = r.encode(7, poll(headers, "/poll?client=1&after=20"));
  EXPECT_TRUE(first.first);
  EXPECT_FALSE(second.first);
  EXPECT_FALSE(third.first);
  // :authority "127.0.0.1:8443" and accept "*/*" enter the table with the first block.
  EXPECT_GE(first.bytes, third.bytes + 12);
  // The second carries the table size update libnghttp2 owes the server's SETTINGS (3 bytes).
  EXPECT_EQ(second.bytes, third.bytes + 3);
  // :method, :scheme, :authority, accept: 1 byte each; :path a Huffman literal of 22 bytes.
  EXPECT_EQ(third.bytes, 4U + 1 + 1 + 17);
}

TEST(HpackReplayTest, ConnectionsHaveTablesOfTheirOwnAndForgetEmptiesOne) {
  CurlSlist headers;
  append(headers, "Host: 127.0.0.1:8443");
  HpackReplay r;
  const auto a = r.encode(1, poll(headers, "/poll?client=1&after=-1"));
  EXPECT_TRUE(r.encode(2, poll(headers, "/poll?client=1&after=-1")).first);
  r.forget(1);
  const auto again = r.encode(1, poll(headers, "/poll?client=1&after=-1"));
  EXPECT_TRUE(again.first);
  EXPECT_EQ(again.bytes, a.bytes);
}

TEST(HpackReplayTest, PostCarriesContentTypeAndLength) {
  CurlSlist headers;
  append(headers, "Host: 127.0.0.1:8443");
  append(headers, "Content-Type: application/json");
  append(headers, "Expect:");
  HpackReplay r;
  const HpackReplay::Request post{.method = "POST",
                                  .target = "/send?client=1",
                                  .authority = "x",
                                  .headers = headers.get(),
                                  .body_bytes = 80};
  const auto first = r.encode(3, post);
  r.encode(3, post);
  const auto steady = r.encode(3, post);
  EXPECT_GT(first.bytes, steady.bytes);
  // Every header indexed but :path and content-length (nghttp2 never indexes those).
  EXPECT_LT(steady.bytes, 25U);
}

TEST(HpackReplayTest, TargetOfAUrl) {
  EXPECT_EQ(HpackReplay::target_of("https://h1.pushbench.test:443/poll?client=1"),
            "/poll?client=1");
  EXPECT_EQ(HpackReplay::target_of("https://h1.pushbench.test:443"), "/");
}

}  // namespace
}  // namespace pushbench
