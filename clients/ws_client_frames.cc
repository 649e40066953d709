// WebSocket frames as the lean client reads and writes them.
#include "ws_client_frames.h"

namespace pushbench {

WsFrame parse_server_frame(std::string_view bytes, size_t max_payload) noexcept {
  WsFrame f;
  if (bytes.size() < 2) {
    return f;
  }
  const auto b0 = static_cast<uint8_t>(bytes[0]);
  const auto b1 = static_cast<uint8_t>(bytes[1]);
  f.fin = (b0 & 0x80) != 0;
  f.opcode = static_cast<uint8_t>(b0 & 0x0F);
  const bool control = (f.opcode & 0x8) != 0;
  const bool known = f.opcode <= 0x2 || (f.opcode >= 0x8 && f.opcode <= 0xA);
  if ((b0 & 0x70) != 0 || (b1 & 0x80) != 0 || !known) {
    f.status = WsFrame::Status::kBad;
    return f;
  }
  uint64_t len = b1 & 0x7F;
  size_t header = 2;
  if (len == 126) {
    header = 4;
  } else if (len == 127) {
    header = 10;
  }
  if (bytes.size() < header) {
    return f;
  }
  if (header > 2) {
    len = 0;
    for (size_t i = 2; i < header; ++i) {
      len = (len << 8) | static_cast<uint8_t>(bytes[i]);
    }
  }
  if ((control && (!f.fin || len > 125)) || len > max_payload) {
    f.status = WsFrame::Status::kBad;
    return f;
  }
  if (bytes.size() - header < len) {
    return f;
  }
  f.status = WsFrame::Status::kFrame;
  f.payload = bytes.substr(header, static_cast<size_t>(len));
  f.size = header + static_cast<size_t>(len);
  return f;
}

void append_client_frame(std::string& out, WsOpcode opcode, std::string_view payload,
                         uint32_t mask) {
  out.push_back(static_cast<char>(0x80 | static_cast<uint8_t>(opcode)));
  const size_t n = payload.size();
  if (n < 126) {
    out.push_back(static_cast<char>(0x80 | n));
  } else if (n <= 0xFFFF) {
    out.push_back(static_cast<char>(0x80 | 126));
    out.push_back(static_cast<char>(n >> 8));
    out.push_back(static_cast<char>(n & 0xFF));
  } else {
    out.push_back(static_cast<char>(0x80 | 127));
    for (int shift = 56; shift >= 0; shift -= 8) {
      out.push_back(static_cast<char>((static_cast<uint64_t>(n) >> shift) & 0xFF));
    }
  }
  const char key[4] = {static_cast<char>(mask >> 24), static_cast<char>((mask >> 16) & 0xFF),
                       static_cast<char>((mask >> 8) & 0xFF), static_cast<char>(mask & 0xFF)};
  out.append(key, 4);
  for (size_t i = 0; i < n; ++i) {
    out.push_back(static_cast<char>(payload[i] ^ key[i % 4]));
  }
}

}  // namespace pushbench
