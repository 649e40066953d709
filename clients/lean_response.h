// The lean HTTP engine's response reader (--http-engine lean): http-parser (Debian's
// libhttp-parser, the parser wrk uses) over the bytes of one keep-alive connection, one response
// per request. Status, body (Content-Length, chunked, or up to the close), whether the
// connection stays open, and the header bytes curl's CURLINFO_HEADER_SIZE counts.
// http_parser.h is kept out of this header: its enum http_status is also libwebsockets'.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace pushbench {

class LeanResponse {
 public:
  enum class Progress { kMore, kComplete, kError };

  LeanResponse() noexcept { reset(); }
  // Not copyable: parser state belongs to one connection (movable: the parser holds no pointer
  // between calls).
  LeanResponse(const LeanResponse&) = delete;
  LeanResponse& operator=(const LeanResponse&) = delete;
  LeanResponse(LeanResponse&&) noexcept = default;
  LeanResponse& operator=(LeanResponse&&) noexcept = default;

  // Bytes read from the connection: kComplete once they end the response, kError when they are
  // not HTTP or go on past its end (one request is out at a time: nothing may follow).
  Progress feed(std::string_view bytes);
  // The server closed the connection: completes a response delimited by the close, else kError.
  Progress feed_eof();
  // Ready for the next response on the same connection or a new one (the body keeps its
  // capacity).
  void reset() noexcept;

  bool started() const noexcept { return bytes_ > 0; }
  int status() const noexcept { return status_; }
  const std::string& body() const noexcept { return body_; }
  // The status line and headers (with the blank line): all the response's bytes but its body
  // (a chunked body's framing counts here: pushbench-server never chunks).
  uint64_t header_bytes() const noexcept { return bytes_ - body_.size(); }
  // The server keeps the connection open after this response (HTTP/1.1 without Connection:
  // close).
  bool keep_alive() const noexcept { return keep_alive_; }

 private:
  friend struct LeanResponseAccess;  // http-parser's callbacks (lean_response.cc)
  Progress execute(const char* data, size_t n);

  // The http_parser struct (32 bytes, plain data), stored here without its header.
  alignas(8) unsigned char parser_[32] = {};
  std::string body_;
  uint64_t bytes_ = 0;  // of this response so far
  int status_ = 0;
  bool complete_ = false;
  bool keep_alive_ = false;
};

}  // namespace pushbench
