// One complete HTTP/1.1 response (status line, headers with Content-Length, body) assembled in
// one buffer and sent with one lws_write: keep-alive needs the Content-Length (without it lws
// closes the connection after each response), and one write measured ~40 % faster than two.
#pragma once

#include <string>
#include <string_view>

struct lws;

namespace pushbench {

// `body` is appended by the caller into scratch after the headers: call begin, append the body
// to scratch, then finish. Returns 0 to keep serving, -1 to close (lws contract).
class HttpResponse {
 public:
  HttpResponse(lws* wsi, std::string& scratch) : wsi_(wsi), buf_(scratch) {}
  // Writes the status line and headers for a body of body_len bytes; false if lws refused.
  bool begin(unsigned status, const char* content_type, size_t body_len);
  std::string& body() noexcept { return buf_; }
  int finish();

 private:
  lws* wsi_;
  std::string& buf_;
};

// A short text/plain response (used for 4xx): "reason\n".
int send_text_response(lws* wsi, std::string& scratch, unsigned status, std::string_view reason);

}  // namespace pushbench
