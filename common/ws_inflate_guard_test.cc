// Unit tests for predict_final_inflate: the replay of lws 4.1.6's permessage-deflate inflate
// that tells which compressed messages would trip its `priv->rx.avail_out` assertion.
#include "ws_inflate_guard.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace pushbench {
namespace {

constexpr size_t kChunk = 128;  // lws' inflate buffer with the server's rx_buffer_size of 128
constexpr size_t kLimit = 1 << 20;

std::vector<unsigned char> hex(const std::string& h) {
  std::vector<unsigned char> out;
  for (size_t i = 0; i + 1 < h.size(); i += 2) {
    out.push_back(static_cast<unsigned char>(std::stoi(h.substr(i, 2), nullptr, 16)));
  }
  return out;
}

// A permessage-deflate message body (RFC 7692 §7.2.1): raw deflate, sync flush, the final
// 00 00 ff ff removed.
std::vector<unsigned char> compress(const std::string& text, int level) {
  z_stream s{};
  EXPECT_EQ(deflateInit2(&s, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::vector<unsigned char> out(deflateBound(&s, text.size()) + 16);
  s.next_in = reinterpret_cast<unsigned char*>(const_cast<char*>(text.data()));
  s.avail_in = static_cast<uInt>(text.size());
  s.next_out = out.data();
  s.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&s, Z_SYNC_FLUSH), Z_OK);
  out.resize(out.size() - s.avail_out);
  deflateEnd(&s);
  EXPECT_GE(out.size(), 4u);
  out.resize(out.size() - 4);
  return out;
}

InflateVerdict predict(const std::vector<unsigned char>& body) {
  return predict_final_inflate(nullptr, body.data(), body.size(), kChunk, kLimit);
}

TEST(InflateGuardTest, PredictsAssertForTheIssuesTwentyFiveByteFrame) {
  // c1 93 00000000 + 19 payload bytes: FIN, RSV1, text, masked with a zero key.
  const std::vector<unsigned char> frame =
      hex("c19300000000ecc1010d000000c2a0f74f6d0f071400000f06");
  const std::vector<unsigned char> body(frame.begin() + 6, frame.end());
  ASSERT_EQ(body.size(), 19u);
  EXPECT_EQ(predict(body), InflateVerdict::kAssert);
}

TEST(InflateGuardTest, PredictsAssertOrTooLargeForZeroBombs) {
  EXPECT_EQ(predict(compress(std::string(2520, '\0'), 9)), InflateVerdict::kAssert);
  for (size_t mib : {3, 8, 64}) {
    EXPECT_EQ(predict(compress(std::string(mib << 20, '\0'), 9)), InflateVerdict::kTooLarge)
        << mib << " MiB";
  }
}

TEST(InflateGuardTest, PassesOrdinaryMessages) {
  const std::string json =
      R"({"seq":17,"t_ns":123456789,"from":3,"to":-1,"pad":"k3J9xQ0aLm2vB7pR4tYz8WcE1uHnD5fG"})";
  EXPECT_EQ(predict(compress(json, 1)), InflateVerdict::kSafe);
  EXPECT_EQ(predict(compress(json, 9)), InflateVerdict::kSafe);
  EXPECT_EQ(predict(compress("x", 1)), InflateVerdict::kSafe);
  EXPECT_EQ(predict({}), InflateVerdict::kSafe) << "an empty message";
}

TEST(InflateGuardTest, LeavesCorruptStreamsToLwsOwnErrorPath) {
  EXPECT_EQ(predict({0x07, 0x00}), InflateVerdict::kSafe) << "invalid block type: lws fails it";
}

TEST(InflateGuardTest, PredictsStallWhenDataFollowsAFinalBlock) {
  z_stream s{};
  ASSERT_EQ(deflateInit2(&s, 1, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::vector<unsigned char> out(256);
  std::string text = "hello";
  s.next_in = reinterpret_cast<unsigned char*>(text.data());
  s.avail_in = static_cast<uInt>(text.size());
  s.next_out = out.data();
  s.avail_out = static_cast<uInt>(out.size());
  ASSERT_EQ(deflate(&s, Z_FINISH), Z_STREAM_END);
  out.resize(out.size() - s.avail_out);
  deflateEnd(&s);
  out.insert(out.end(), {0x01, 0x02, 0x03});
  EXPECT_EQ(predict(out), InflateVerdict::kStalled);
}

}  // namespace
}  // namespace pushbench
