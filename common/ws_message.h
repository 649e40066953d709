// One WebSocket message reassembled from the pieces libwebsockets hands over (RECEIVE and
// CLIENT_RECEIVE give at most rx_buffer_size bytes at a time, and a message may also be
// fragmented into frames), shared by the server's upstream path and the ws clients so both
// apply the same rules (RFC 6455): a size limit, checked before anything is copied, and UTF-8
// for text messages (§8.1: invalid UTF-8 fails the connection with 1007). A message that arrives
// in one piece is handed out as a view of that piece, without a copy.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace pushbench {

// True when `text` is well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing
// above U+10FFFF).
bool valid_utf8(std::string_view text) noexcept;

class WsMessage {
 public:
  enum class Status {
    kPartial,   // more pieces follow
    kComplete,  // message() holds the whole message until the next add()
    kTooLarge,  // above max_bytes: close with 1009 (the pieces so far are dropped)
    kBadUtf8,   // a text message that is not UTF-8: close with 1007
  };

  // Reassembly keeps at most kKeepCapacity bytes of buffer between messages: one large message
  // must not pin its size for the rest of the connection (or of the client id).
  static constexpr size_t kKeepCapacity = 4096;

  explicit WsMessage(size_t max_bytes) noexcept : max_bytes_(max_bytes) {}

  // Adds the next piece; `last`: it ends the message; `text`: a text (not binary) message.
  Status add(std::string_view piece, bool last, bool text);
  // After kComplete: the whole message, valid until clear() or the next add().
  std::string_view message() const noexcept { return whole_; }
  size_t capacity() const noexcept { return buf_.capacity(); }
  // Done with the message (call it once the complete message was handled), or forgets one in
  // progress (a new connection starts a new message). Releases capacity above kKeepCapacity.
  void clear() noexcept;

 private:
  std::string buf_;  // the pieces of a message that arrived in more than one
  std::string_view whole_;
  size_t max_bytes_;
  bool complete_ = false;
};

}  // namespace pushbench
