// What the server wrote on HTTP/2 streams inside the measured window: its HEADERS frames (one per
// response) with the bytes of their HPACK header blocks, and its DATA frames. lws 4.1.6 encodes
// every response header as a literal with a literal name (no Huffman, no dynamic table), so a
// response's header block is the same size on a connection's first stream and its thousandth.
#pragma once

#include <cstdint>

namespace pushbench {

struct H2Frames {
  uint64_t headers_frames = 0;      // responses begun (one HEADERS frame each)
  uint64_t header_block_bytes = 0;  // their HPACK header blocks, frame headers excluded
  uint64_t data_frames = 0;         // response bodies and SSE records (one DATA frame per write)

  // The 9-byte frame header of RFC 9113 §4.1, on every frame.
  static constexpr uint64_t kFrameHeaderBytes = 9;
};

}  // namespace pushbench
