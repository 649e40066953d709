// A guard in front of libwebsockets 4.1.6's permessage-deflate inflate (server side).
//
// lws inflates a compressed message into a buffer of 1 << rx_buf_pwr2 bytes per call (capped by
// the protocol's rx_buffer_size: 128 B here, docs/method.md). When the call that consumes the
// message's last compressed byte also fills that buffer, lws re-adds the 00 00 ff ff trailer
// with 5 spare bytes and asserts `priv->rx.avail_out` (extension-permessage-deflate.c:351): if
// zlib still holds 5 or more bytes of output (the rest of a long match, e.g. a run of zeros), the
// assert kills the process. No buffer size avoids it (the call can start anywhere), and
// refusing deflate to clients that did not ask for it is no defence (anyone can ask). So the
// guard checks before lws does: on the call that hands lws the last bytes of a compressed
// message, it replays lws' inflate steps on a copy of the connection's zlib stream
// (inflateCopy) and, when lws would assert, fails the connection instead. The replay costs one
// extra inflate of the message's last piece, only for messages clients send compressed.
// Messages that inflate beyond the reassembly limit are failed there too (1009), before lws
// spends the time inflating them, and a stream that stops making progress (data after a final
// deflate block) is failed (1007) rather than left to swallow every later message.
#pragma once

#include <cstddef>
#include <cstdint>

#include <zlib.h>

#include "ws_deflate.h"

namespace pushbench {

enum class InflateVerdict {
  kSafe,      // lws inflates it (or fails it cleanly on a zlib error)
  kAssert,    // lws 4.1.6 would abort the process
  kTooLarge,  // the rest of the message inflates to more than max_output bytes
  kStalled,   // zlib stops consuming input (a final block ended the stream inside a message)
};

// Replays lws 4.1.6's LWS_EXT_CB_PAYLOAD_RX for the last piece of a compressed message: `rx`
// is the connection's inflate stream as lws holds it (null or never initialised: a fresh raw
// inflate with a 15-bit window, as lws starts one), `in` the piece's compressed bytes,
// `out_chunk` lws' inflate buffer (1 << rx_buf_pwr2). `rx` is not modified.
InflateVerdict predict_final_inflate(const z_stream* rx, const unsigned char* in, size_t in_len,
                                     size_t out_chunk, size_t max_output) noexcept;

// What the guard remembers of one connection: whether a compressed message is open (its first
// frame had RSV1 and its final frame has not come). A protocol whose connections use the
// guarded extension must start its per-session data with this struct (the guard finds it with
// lws_wsi_user()): it is what tells a compressed message's final continuation frame from a
// control frame such as a pong, which lws also hands to the extension (with RSV 0, marked
// final) but never inflates. A pong that arrives inside a fragmented compressed message is
// still checked as if it ended the message; no client seen here interleaves them.
//
// It also counts what lws inflated of the open message (lws' inflate drains a piece's input in
// out-chunk steps and keeps inflating the rest of its read buffer after the protocol callback
// failed the message as too large, measured: a 64 KB frame of 64 MiB of zeros cost the server
// 0.64 s of CPU): once that passes the reassembly limit the connection is failed (1009) and
// every later call for it is refused before zlib runs, so a bomb costs at most the limit.
struct InflateGuardState {
  unsigned char compressed_open;
  unsigned char failed;     // refused: lws inflates nothing more on this connection
  uint32_t inflated_bytes;  // of the open compressed message, as lws produced them
};

// The server's extension list: lws' permessage-deflate behind the guard. Empty (deflate never
// accepted, said once on stderr) when the running lws is not 4.1.x, whose private layouts the
// guard reads (the zlib stream is the first member of lws' per-connection deflate state).
LwsExtensions guarded_permessage_deflate_extensions() noexcept;

}  // namespace pushbench
