// The lean WebSocket client's opening handshake (RFC 6455 §4.1): the upgrade request, byte for
// byte what the lws 4.1.6 client sends for the ws transport (so the header bytes of a row do not
// depend on the engine), and the check of the server's answer: status 101, Upgrade: websocket,
// Connection: Upgrade, no extension (none was offered), and Sec-WebSocket-Accept equal to
// base64(SHA-1(key + the RFC's GUID)). Pure: no socket.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace pushbench {

// Sec-WebSocket-Key for a 16-byte nonce: its base64, 24 characters.
std::string ws_key(const std::array<uint8_t, 16>& nonce);
// What the server must answer to `key` in Sec-WebSocket-Accept.
std::string ws_accept_for(std::string_view key);
// GET `path` upgraded to a WebSocket on `host_port` ("127.0.0.1:8080"), as lws 4.1.6 asks.
std::string ws_upgrade_request(std::string_view path, std::string_view host_port,
                               std::string_view key);

// The server's answer, read as it arrives.
class WsHandshakeResponse {
 public:
  enum class Status {
    kPartial,   // the header block is not complete yet
    kAccepted,  // a valid 101 for our key: frames follow
    kRefused,   // anything else (why() says what)
  };
  // Header blocks above this are refused (lws' client header space is 4 KiB too).
  static constexpr size_t kMaxHeaderBytes = 4096;

  // Starts over for a request that sent `key`.
  void reset(std::string_view key);
  // Adds bytes read from the socket. After kAccepted, the bytes of the last add() from
  // frames_offset() on are the first frames' (the server may send them with the 101).
  Status add(std::string_view bytes);
  size_t frames_offset() const noexcept { return frames_offset_; }
  const std::string& why() const noexcept { return why_; }

 private:
  Status check();

  std::string expected_accept_;
  std::string head_;  // the header block so far
  size_t frames_offset_ = 0;
  std::string why_;
};

}  // namespace pushbench
