// Fuzzes WebSocket message reassembly (common/ws_message.h), shared by the server's upstream path
// and the ws clients. Input: a seed for the piece sizes, the size limit, then messages, each a
// text/binary flag, a length and its bytes, fed as pieces on one WsMessage (as on one connection).
// Invariants: a message over the limit is refused (kTooLarge) at the first piece that crosses
// the limit and not before; otherwise it completes on its last piece, byte for byte, unless it
// is text and not UTF-8 (kBadUtf8, checked against an independent decoder); every piece before
// the last is kPartial; after clear() at most kKeepCapacity bytes of buffer stay.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "reads.h"
#include "ws_message.h"

namespace {

// RFC 3629 by decoding: every sequence decodes to a scalar value in its shortest form.
bool reference_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    uint32_t cp = 0;
    size_t len = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      cp = c & 0x1F;
      len = 2;
    } else if ((c & 0xF0) == 0xE0) {
      cp = c & 0x0F;
      len = 3;
    } else if ((c & 0xF8) == 0xF0) {
      cp = c & 0x07;
      len = 4;
    } else {
      return false;
    }
    if (i + len > s.size()) {
      return false;
    }
    for (size_t k = 1; k < len; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0) != 0x80) {
        return false;
      }
      cp = (cp << 6) | (b & 0x3F);
    }
    const uint32_t min = len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000;
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += len;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using pushbench::WsMessage;
  FuzzedDataProvider in(data, size);
  const auto seed = in.ConsumeIntegral<uint32_t>();
  const auto max_bytes = in.ConsumeIntegralInRange<size_t>(0, 8192);
  WsMessage msg(max_bytes);
  while (in.remaining_bytes() > 0) {
    const bool text = in.ConsumeBool();
    const std::string bytes = in.ConsumeRandomLengthString(16384);
    std::vector<std::string_view> pieces = pushbench::fuzz::split_reads(bytes, seed);
    if (pieces.empty()) {
      pieces.emplace_back();  // an empty message is one empty, final piece
    }
    size_t so_far = 0;
    for (size_t i = 0; i < pieces.size(); ++i) {
      const bool last = i + 1 == pieces.size();
      const WsMessage::Status st = msg.add(pieces[i], last, text);
      so_far += pieces[i].size();
      if (so_far > max_bytes) {
        FUZZ_CHECK(st == WsMessage::Status::kTooLarge);
        break;  // the connection is closed with 1009
      }
      if (!last) {
        FUZZ_CHECK(st == WsMessage::Status::kPartial);
        continue;
      }
      if (text && !reference_utf8(bytes)) {
        FUZZ_CHECK(st == WsMessage::Status::kBadUtf8);
        FUZZ_CHECK(!pushbench::valid_utf8(bytes));
      } else {
        FUZZ_CHECK(st == WsMessage::Status::kComplete);
        FUZZ_CHECK(msg.message() == bytes);
        FUZZ_CHECK(pushbench::valid_utf8(bytes) == reference_utf8(bytes));
      }
    }
    msg.clear();
    FUZZ_CHECK(msg.capacity() <= WsMessage::kKeepCapacity);
  }
  return 0;
}
