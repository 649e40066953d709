#include "ws_handshake.h"

#include <gtest/gtest.h>

#include <array>
#include <string>

namespace pushbench {
namespace {

// RFC 6455 §1.3's example: the nonce "the sample nonce" and the accept value the server sends.
constexpr std::array<uint8_t, 16> kSampleNonce = {'t', 'h', 'e', ' ', 's', 'a', 'm', 'p',
                                                  'l', 'e', ' ', 'n', 'o', 'n', 'c', 'e'};
constexpr const char* kSampleKey = "dGhlIHNhbXBsZSBub25jZQ==";
constexpr const char* kSampleAccept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

std::string response_101(const std::string& accept, const std::string& extra = "") {
  return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: WebSocket\r\nConnection: Upgrade\r\n"
         "Sec-WebSocket-Accept: " +
         accept + "\r\n" + extra + "\r\n";
}

TEST(WsHandshakeTest, KeyAndAcceptAreTheRfcExample) {
  EXPECT_EQ(ws_key(kSampleNonce), kSampleKey);
  EXPECT_EQ(ws_accept_for(kSampleKey), kSampleAccept);
}

TEST(WsHandshakeTest, RequestIsLwsClientBytes) {
  // What the lws 4.1.6 client sends for the ws transport (lws_generate_client_handshake).
  EXPECT_EQ(ws_upgrade_request("/ws?client=7", "127.0.0.1:8080", kSampleKey),
            "GET /ws?client=7 HTTP/1.1\r\nPragma: no-cache\r\nCache-Control: no-cache\r\n"
            "Host: 127.0.0.1:8080\r\nOrigin: http://127.0.0.1:8080\r\nUpgrade: websocket\r\n"
            "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            "Sec-WebSocket-Version: 13\r\n\r\n");
}

TEST(WsHandshakeTest, AcceptsAValid101WhateverTheReadBoundaries) {
  const std::string frame = "\x81\x02hi";
  const std::string bytes = response_101(kSampleAccept) + frame;
  for (size_t cut = 1; cut < bytes.size(); ++cut) {
    WsHandshakeResponse r;
    r.reset(kSampleKey);
    const auto first = r.add(std::string_view(bytes).substr(0, cut));
    if (first == WsHandshakeResponse::Status::kAccepted) {
      EXPECT_EQ(bytes.substr(0, cut).substr(r.frames_offset()),
                frame.substr(0, cut + frame.size() - bytes.size()));
      continue;
    }
    ASSERT_EQ(first, WsHandshakeResponse::Status::kPartial) << cut << ": " << r.why();
    ASSERT_EQ(r.add(std::string_view(bytes).substr(cut)), WsHandshakeResponse::Status::kAccepted)
        << cut << ": " << r.why();
    EXPECT_EQ(bytes.substr(cut).substr(r.frames_offset()), frame) << cut;
  }
}

TEST(WsHandshakeTest, RefusesWhatIsNotOurHandshake) {
  const std::string wrong_accept = response_101("AAAAAAAAAAAAAAAAAAAAAAAAAAA=");
  const std::string not_101 = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n";
  const std::string no_upgrade =
      "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " +
      std::string(kSampleAccept) + "\r\n\r\n";
  const std::string extension =
      response_101(kSampleAccept, "Sec-WebSocket-Extensions: permessage-deflate\r\n");
  for (const std::string& bytes : {wrong_accept, not_101, no_upgrade, extension}) {
    WsHandshakeResponse r;
    r.reset(kSampleKey);
    EXPECT_EQ(r.add(bytes), WsHandshakeResponse::Status::kRefused) << bytes;
    EXPECT_FALSE(r.why().empty());
  }
}

TEST(WsHandshakeTest, RefusesHeadersPastTheLimit) {
  WsHandshakeResponse r;
  r.reset(kSampleKey);
  const std::string filler(1000, 'x');
  auto status = WsHandshakeResponse::Status::kPartial;
  for (int i = 0; i < 5 && status == WsHandshakeResponse::Status::kPartial; ++i) {
    status = r.add(filler);
  }
  EXPECT_EQ(status, WsHandshakeResponse::Status::kRefused);
}

}  // namespace
}  // namespace pushbench
