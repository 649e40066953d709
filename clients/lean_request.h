// The lean HTTP engine's request (--http-engine lean): one GET per client built once, with only
// its cursor (after=SEQ) rewritten before each send. Its bytes are the ones libcurl sends for the
// same poll (request line, Host, Accept: */*, and Connection: close for poll-close), so both
// engines put the same bytes on the wire.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace pushbench {

class LeanRequest {
 public:
  // GET /<path>?client=<client_id>&after=-1 for the server at host:port; `close` adds
  // Connection: close (a new connection per request).
  LeanRequest(std::string_view path, int client_id, std::string_view host, int port, bool close);

  // The request acknowledging everything up to `after`: valid until the next call.
  std::string_view with_cursor(int64_t after);
  std::string_view text() const noexcept { return text_; }

 private:
  std::string text_;      // request line up to "after=", the cursor, the rest
  size_t cursor_at_ = 0;  // where the cursor's digits start
  size_t cursor_len_ = 0;
};

}  // namespace pushbench
