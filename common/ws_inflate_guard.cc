// The guard in front of lws 4.1.6's permessage-deflate inflate.
#include "ws_inflate_guard.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <string_view>

#include "event.h"

namespace pushbench {
namespace {
// lws' re-added trailer and the spare bytes it gives zlib for it.
constexpr std::array<unsigned char, 4> kTrailer = {0x00, 0x00, 0xff, 0xff};
constexpr unsigned kTrailerSpare = 5;
constexpr int kRxWindowBits = 15;  // lws: -args[PMD_SERVER_MAX_WINDOW_BITS], 15 unless offered

// The `in` of LWS_EXT_CB_PAYLOAD_RX: lws' private struct lws_ext_pm_deflate_rx_ebufs
// (lib/roles/ws/private-lib-roles-ws.h in 4.1.6), two public lws_tokens.
struct PmdRxBuffers {
  lws_tokens eb_in;
  lws_tokens eb_out;
};

// lws' private enum pmd_return (lib/core-net/private-lib-core-net.h in 4.1.6).
constexpr int kPmdrHasPending = 2;
constexpr int kPmdrEmptyNonFinal = 3;

bool zlib_error(int n) noexcept {
  return n == Z_NEED_DICT || n == Z_STREAM_ERROR || n == Z_DATA_ERROR || n == Z_MEM_ERROR;
}

// An inflate stream copied from lws' (or fresh), ended on destruction.
class StreamCopy {
 public:
  explicit StreamCopy(const z_stream* rx) noexcept {
    if (rx != nullptr && rx->state != nullptr) {
      ok_ = inflateCopy(&s_, const_cast<z_stream*>(rx)) == Z_OK;  // reads rx only
    } else {
      ok_ = inflateInit2(&s_, -kRxWindowBits) == Z_OK;
    }
  }
  ~StreamCopy() {
    if (ok_) {
      inflateEnd(&s_);
    }
  }
  StreamCopy(const StreamCopy&) = delete;
  StreamCopy& operator=(const StreamCopy&) = delete;
  bool ok() const noexcept { return ok_; }
  z_stream& get() noexcept { return s_; }

 private:
  z_stream s_{};
  bool ok_ = false;
};

// lws_extension_pmdeflate_restrict_args: the inflate buffer is the largest power of two (at least
// 128, at most lws' default 1024) not above the protocol's rx_buffer_size.
size_t lws_inflate_chunk(lws* wsi) noexcept {
  const lws_protocols* p = lws_get_protocol(wsi);
  const size_t rx = p != nullptr && p->rx_buffer_size != 0 ? p->rx_buffer_size : 4096;
  int pwr = 7;
  while (rx >= (size_t{1} << (pwr + 1))) {
    ++pwr;
  }
  return size_t{1} << std::min(pwr, 10);
}

int guarded_pm_deflate(lws_context* context, const lws_extension* ext, lws* wsi,
                       lws_extension_callback_reasons reason, void* user, void* in, size_t len) {
  // The call that gives lws the last bytes of a compressed message: final frame, nothing of it
  // left to read (lws_is_final_fragment is also false while lws drains earlier input: those
  // calls were replayed with the call that brought the input). RSV1 marks a compressed first
  // frame; its continuation frames carry none, and neither do control frames (a pong), which
  // lws passes here too but does not inflate: the open message tells them apart.
  auto* state = static_cast<InflateGuardState*>(lws_wsi_user(wsi));
  const bool compressed_first = (lws_get_reserved_bits(wsi) & 0x40) != 0;
  if (reason == LWS_EXT_CB_PAYLOAD_RX && state != nullptr && state->failed != 0 && in != nullptr &&
      user != nullptr) {
    // Failed already (closing): lws still hands over what it had read; swallow it uninflated.
    // (Returning -1 here instead made lws 4.1.6 retry the same input in a loop, measured.)
    auto* bufs = static_cast<PmdRxBuffers*>(in);
    bufs->eb_in.len = 0;
    bufs->eb_out.len = 0;
    static_cast<z_stream*>(user)->avail_in = 0;
    return kPmdrEmptyNonFinal;
  }
  if (reason == LWS_EXT_CB_PAYLOAD_RX && state != nullptr && compressed_first &&
      state->compressed_open == 0) {
    state->compressed_open = 1;
    state->inflated_bytes = 0;
  }
  if (reason == LWS_EXT_CB_PAYLOAD_RX && user != nullptr && in != nullptr &&
      lws_is_final_fragment(wsi) != 0 &&
      (compressed_first || (state != nullptr && state->compressed_open != 0) ||
       (state == nullptr && lws_is_first_fragment(wsi) == 0))) {
    if (state != nullptr) {
      state->compressed_open = 0;  // this call ends the message
    }
    const auto* bufs = static_cast<const PmdRxBuffers*>(in);
    const auto* rx = static_cast<const z_stream*>(user);  // first member of lws' priv
    const size_t in_len = bufs->eb_in.token != nullptr && bufs->eb_in.len > 0
                              ? static_cast<size_t>(bufs->eb_in.len)
                              : 0;
    std::string_view why;
    lws_close_status code = LWS_CLOSE_STATUS_INVALID_PAYLOAD;
    switch (predict_final_inflate(rx, bufs->eb_in.token, in_len, lws_inflate_chunk(wsi),
                                  static_cast<size_t>(kMaxPayloadBytes))) {
      case InflateVerdict::kSafe:
        break;
      case InflateVerdict::kAssert:
        why = "deflate stream lws 4.1.6 cannot inflate";
        code = LWS_CLOSE_STATUS_UNEXPECTED_CONDITION;
        break;
      case InflateVerdict::kTooLarge:
        why = "message too large";
        code = LWS_CLOSE_STATUS_MESSAGE_TOO_LARGE;
        break;
      case InflateVerdict::kStalled:
        why = "deflate stream ended inside a message";
        break;
    }
    if (!why.empty()) {
      lws_close_reason(wsi, code, reinterpret_cast<unsigned char*>(const_cast<char*>(why.data())),
                       why.size());
      return -1;  // PMDR_FAILED: lws closes the connection
    }
  }
  const bool counted = reason == LWS_EXT_CB_PAYLOAD_RX && state != nullptr && in != nullptr &&
                       user != nullptr && (compressed_first || state->compressed_open != 0);
  const int n = lws_extension_callback_pm_deflate(context, ext, wsi, reason, user, in, len);
  if (counted && n >= 0) {
    const auto* bufs = static_cast<const PmdRxBuffers*>(in);
    const uint64_t total =
        uint64_t{state->inflated_bytes} + static_cast<uint64_t>(std::max(bufs->eb_out.len, 0));
    state->inflated_bytes = static_cast<uint32_t>(std::min<uint64_t>(total, UINT32_MAX));
    if (total > static_cast<uint64_t>(kMaxPayloadBytes) && state->failed == 0) {
      // Past the limit: the protocol callback fails this output (1009); nothing more is
      // inflated, and the connection is closed from the loop's next turn.
      state->failed = 1;
      static_cast<z_stream*>(user)->avail_in = 0;
      lws_set_timeout(wsi, PENDING_TIMEOUT_CLOSE_SEND, LWS_TO_KILL_ASYNC);
      return n == kPmdrHasPending ? kPmdrEmptyNonFinal : n;
    }
  }
  return n;
}
}  // namespace

InflateVerdict predict_final_inflate(const z_stream* rx, const unsigned char* in, size_t in_len,
                                     size_t out_chunk, size_t max_output) noexcept {
  StreamCopy copy(rx);
  if (!copy.ok()) {
    return InflateVerdict::kSafe;  // lws' own init or copy of it fails the same way, cleanly
  }
  z_stream& s = copy.get();
  std::array<unsigned char, 1024 + kTrailerSpare> out{};
  out_chunk = std::min(out_chunk, out.size() - kTrailerSpare);
  size_t produced = 0;
  bool first_call = true;
  // One iteration per PAYLOAD_RX call lws makes for this piece (the first with the new input,
  // then one per drain while input is left), each with a fresh buffer of out_chunk bytes.
  for (;;) {
    if (first_call && s.avail_in == 0 && in_len > 0) {
      s.next_in = const_cast<unsigned char*>(in);  // zlib only reads it
      s.avail_in = static_cast<uInt>(in_len);
    }
    first_call = false;
    s.next_out = out.data();
    s.avail_out = static_cast<uInt>(out_chunk);
    if (s.avail_in == 0) {
      return InflateVerdict::kSafe;  // "trailer apply 1": a fresh buffer, no assert
    }
    const uInt in_before = s.avail_in;
    const int n = inflate(&s, Z_NO_FLUSH);
    if (zlib_error(n)) {
      return InflateVerdict::kSafe;  // lws fails the connection itself
    }
    produced += out_chunk - s.avail_out;
    if (produced > max_output) {
      return InflateVerdict::kTooLarge;
    }
    if (s.avail_in == 0) {  // "trailer apply 2"
      s.avail_out += kTrailerSpare;
      s.next_in = const_cast<unsigned char*>(kTrailer.data());
      s.avail_in = static_cast<uInt>(kTrailer.size());
      if (zlib_error(inflate(&s, Z_SYNC_FLUSH))) {
        return InflateVerdict::kSafe;
      }
      return s.avail_out == 0 ? InflateVerdict::kAssert : InflateVerdict::kSafe;
    }
    if (s.avail_in == in_before && s.avail_out == out_chunk) {
      return InflateVerdict::kStalled;
    }
  }
}

LwsExtensions guarded_permessage_deflate_extensions() noexcept {
  LwsExtensions exts = permessage_deflate_extensions();
  if (std::strncmp(lws_get_library_version(), "4.1.", 4) != 0) {
    std::fprintf(stderr,
                 "pushbench-server: permessage-deflate not offered: its guard reads lws 4.1 "
                 "internals and this is lws %s\n",
                 lws_get_library_version());
    exts[0] = {nullptr, nullptr, nullptr};
    return exts;
  }
  exts[0].callback = &guarded_pm_deflate;
  return exts;
}

}  // namespace pushbench
