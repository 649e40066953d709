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
  // The same two over the whole run (an SSE stream's response begins before the window).
  uint64_t run_headers_frames = 0;
  uint64_t run_header_block_bytes = 0;
};

// Where one write is counted: `frames` (nullptr: not an HTTP/2 server), inside the window or not.
struct H2Tally {
  H2Frames* frames = nullptr;
  bool in_window = false;

  void response(uint64_t header_block_bytes, bool with_body) const noexcept {
    if (frames == nullptr) {
      return;
    }
    ++frames->run_headers_frames;
    frames->run_header_block_bytes += header_block_bytes;
    if (in_window) {
      ++frames->headers_frames;
      frames->header_block_bytes += header_block_bytes;
      frames->data_frames += with_body ? 1 : 0;
    }
  }
  void data_frame() const noexcept {
    if (frames != nullptr && in_window) {
      ++frames->data_frames;
    }
  }
};

}  // namespace pushbench
