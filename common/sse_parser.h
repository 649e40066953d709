// A text/event-stream parser that follows the WHATWG HTML specification's "Server-sent events"
// section (9.2.6, interpreting an event stream), for servers other than pushbench's own
// (pushbench-client --url): lines end with CRLF, LF or CR (a CR at the end of one read may be
// followed by the LF in the next); a leading UTF-8 BOM is skipped; `data:` lines join with LF;
// `event:` names the type; `id:` sets the last event ID even in a block without data (and an id
// with a NUL is ignored); `retry:` of ASCII digits only sets the reconnection time; lines
// starting with ':' are comments; a field without a colon has an empty value; one space after
// the colon is dropped; unknown fields are ignored; a block without data dispatches nothing; an
// unfinished block at the end of the stream is discarded (reset()). pushbench's own server keeps
// its fast path (sse_stream.h: one id and one data line per record, LF only).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace pushbench {

struct SseEvent {
  std::string type;  // "message" unless an event: field named another
  std::string data;  // the data: lines joined with LF (no trailing LF)
  std::string last_event_id;
};

class SseParser {
 public:
  using OnEvent = std::function<void(const SseEvent&)>;

  // A line longer than max_line bytes, or an event's data over it, is a protocol error.
  explicit SseParser(size_t max_line) : max_line_(max_line) {}

  // Parses `bytes` (the next read of the stream) and calls on_event for every event they
  // dispatch, in order. Returns false once a line or an event's data exceeds max_line: the
  // stream is unusable then (reset() before the next connection).
  bool feed(std::string_view bytes, const OnEvent& on_event);

  // A new connection: drops the unfinished line and event (as the specification does at the end
  // of a stream) and expects a BOM again; keeps the last event ID and the reconnection time.
  void reset() noexcept;

  // The last event ID string (sent as Last-Event-ID on a reconnect; empty = none).
  const std::string& last_event_id() const noexcept { return last_event_id_; }
  // The reconnection time in ms from the last valid retry: field, if any.
  std::optional<int64_t> retry_ms() const noexcept { return retry_ms_; }

 private:
  bool line(std::string_view text, const OnEvent& on_event);
  void field(std::string_view name, std::string_view value);
  void dispatch(const OnEvent& on_event);

  size_t max_line_;
  std::string partial_;    // an unfinished line
  bool after_cr_ = false;  // the last byte was a CR: an LF right after it ends nothing
  bool at_start_ = true;   // nothing read yet on this connection: a BOM may come
  std::string data_;       // data buffer
  std::string type_;       // event type buffer
  std::string id_buffer_;  // last event ID buffer
  std::string last_event_id_;
  std::optional<int64_t> retry_ms_;
};

}  // namespace pushbench
