// WebSocket framing for the lean client (RFC 6455 §5): reading the server's frames (never masked)
// and writing the client's (always masked). Pure: bytes in, bytes out.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace pushbench {

enum class WsOpcode : uint8_t {
  kContinuation = 0x0,
  kText = 0x1,
  kBinary = 0x2,
  kClose = 0x8,
  kPing = 0x9,
  kPong = 0xA,
};

struct WsFrame {
  enum class Status {
    kPartial,  // `bytes` does not hold the whole frame yet
    kFrame,    // one frame: its header and payload are the first `size` bytes
    kBad,      // not a frame a server may send us: fail the connection
  };
  Status status = Status::kPartial;
  uint8_t opcode = 0;
  bool fin = false;
  std::string_view payload;  // into the bytes parsed
  size_t size = 0;           // header + payload
};

// The first frame of `bytes`. Bad: a mask (a server never masks), reserved bits (no extension
// was negotiated), an unknown opcode, a control frame fragmented or above 125 bytes, or a
// payload above max_payload.
WsFrame parse_server_frame(std::string_view bytes, size_t max_payload) noexcept;

// Appends one client frame (FIN set) of `opcode` carrying `payload`, masked with `mask` (§5.3).
void append_client_frame(std::string& out, WsOpcode opcode, std::string_view payload,
                         uint32_t mask);

}  // namespace pushbench
