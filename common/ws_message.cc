// WebSocket message reassembly and UTF-8 validation.
#include "ws_message.h"

namespace pushbench {

bool valid_utf8(std::string_view text) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const unsigned char* end = p + text.size();
  while (p < end) {
    const unsigned char c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    size_t n = 0;             // continuation bytes
    unsigned char lo = 0x80;  // bounds of the first continuation byte (RFC 3629 §4)
    unsigned char hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      n = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2;
      lo = c == 0xE0 ? 0xA0 : 0x80;  // no overlong 3-byte forms
      hi = c == 0xED ? 0x9F : 0xBF;  // no surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3;
      lo = c == 0xF0 ? 0x90 : 0x80;  // no overlong 4-byte forms
      hi = c == 0xF4 ? 0x8F : 0xBF;  // nothing above U+10FFFF
    } else {
      return false;  // a continuation byte first, C0/C1 (overlong), or F5..FF
    }
    if (static_cast<size_t>(end - p) <= n || p[1] < lo || p[1] > hi) {
      return false;
    }
    for (size_t i = 2; i <= n; ++i) {
      if ((p[i] & 0xC0) != 0x80) {
        return false;
      }
    }
    p += n + 1;
  }
  return true;
}

WsMessage::Status WsMessage::add(std::string_view piece, bool last, bool text) {
  if (complete_) {
    clear();  // the caller did not: the previous message is done with
  }
  if (buf_.size() + piece.size() > max_bytes_) {
    clear();
    return Status::kTooLarge;
  }
  if (!last) {
    buf_.append(piece);
    return Status::kPartial;
  }
  if (buf_.empty()) {
    whole_ = piece;  // the common case: the message came in one piece
  } else {
    buf_.append(piece);
    whole_ = buf_;
  }
  if (text && !valid_utf8(whole_)) {
    clear();
    return Status::kBadUtf8;
  }
  complete_ = true;
  return Status::kComplete;
}

void WsMessage::clear() noexcept {
  whole_ = {};
  complete_ = false;
  if (buf_.capacity() > kKeepCapacity) {
    std::string().swap(buf_);  // clear() alone keeps the capacity for good
  } else {
    buf_.clear();
  }
}

}  // namespace pushbench
