#include "ws_client_frames.h"

#include <gtest/gtest.h>

#include <array>
#include <string>

namespace pushbench {
namespace {

std::string server_frame(uint8_t first, const std::string& payload) {
  std::string f(1, static_cast<char>(first));
  const size_t n = payload.size();
  if (n < 126) {
    f.push_back(static_cast<char>(n));
  } else if (n <= 0xFFFF) {
    f.push_back(126);
    f.push_back(static_cast<char>(n >> 8));
    f.push_back(static_cast<char>(n & 0xFF));
  } else {
    f.push_back(127);
    for (int shift = 56; shift >= 0; shift -= 8) {
      f.push_back(static_cast<char>((static_cast<uint64_t>(n) >> shift) & 0xFF));
    }
  }
  return f + payload;
}

TEST(WsClientFramesTest, ParsesEveryLengthFormWholeAndNotBefore) {
  for (const size_t n : std::array<size_t, 8>{0, 5, 125, 126, 300, 65535, 65536, 70000}) {
    const std::string payload(n, 'e');
    const std::string bytes = server_frame(0x81, payload) + "\x89";  // a next frame's first byte
    const size_t size = bytes.size() - 1;
    for (size_t cut = 0; cut < size; cut += (cut < 20 ? 1 : 997)) {
      EXPECT_EQ(parse_server_frame(std::string_view(bytes).substr(0, cut), 100000).status,
                WsFrame::Status::kPartial)
          << n << " cut " << cut;
    }
    const WsFrame f = parse_server_frame(bytes, 100000);
    ASSERT_EQ(f.status, WsFrame::Status::kFrame) << n;
    EXPECT_EQ(f.opcode, 0x1);
    EXPECT_TRUE(f.fin);
    EXPECT_EQ(f.size, size);
    EXPECT_EQ(f.payload, payload);
  }
}

TEST(WsClientFramesTest, RefusesWhatAServerMustNotSend) {
  const std::string masked = std::string("\x81\x82", 2) + "abcd" + "xy";
  const std::string rsv1 = server_frame(0xC1, "x");
  const std::string unknown = server_frame(0x83, "x");
  const std::string fragmented_ping = server_frame(0x09, "x");
  const std::string long_ping = server_frame(0x89, std::string(126, 'p'));
  const std::string too_long = server_frame(0x81, std::string(101, 'e'));
  for (const std::string& bytes : {masked, rsv1, unknown, fragmented_ping, long_ping, too_long}) {
    EXPECT_EQ(parse_server_frame(bytes, 100).status, WsFrame::Status::kBad);
  }
}

TEST(WsClientFramesTest, ClientFramesAreMaskedAndUnmaskBack) {
  for (const size_t n : std::array<size_t, 5>{0, 8, 125, 126, 65536}) {
    std::string payload(n, '\0');
    for (size_t i = 0; i < n; ++i) {
      payload[i] = static_cast<char>('a' + i % 26);
    }
    std::string out;
    append_client_frame(out, WsOpcode::kPong, payload, 0x01020304);
    ASSERT_GE(out.size(), 6 + n);
    EXPECT_EQ(static_cast<uint8_t>(out[0]), 0x8A);
    EXPECT_NE(static_cast<uint8_t>(out[1]) & 0x80, 0) << "the mask bit";
    const size_t header = out.size() - n;
    EXPECT_EQ(header, n < 126 ? 6u : n <= 0xFFFF ? 8u : 14u);
    const std::string_view key = std::string_view(out).substr(header - 4, 4);
    EXPECT_EQ(key, std::string("\x01\x02\x03\x04", 4));
    for (size_t i = 0; i < n; ++i) {
      ASSERT_EQ(static_cast<char>(out[header + i] ^ key[i % 4]), payload[i]) << i;
    }
  }
}

}  // namespace
}  // namespace pushbench
