// One complete HTTP/1.1 response (status line, headers with Content-Length, body) assembled in
// one buffer and sent with one lws_write: keep-alive needs the Content-Length (without it lws
// closes the connection after each response), and one write measured ~40 % faster than two.
#pragma once

#include <string>
#include <string_view>

struct lws;

namespace pushbench {

// Call begin (and add_header), then append the body to body(), then finish (a complete
// response) or send (a stream: the body goes on in later writes). Both return 0 to keep
// serving, -1 to close (lws contract).
class HttpResponse {
 public:
  HttpResponse(lws* wsi, std::string& scratch) : wsi_(wsi), buf_(scratch) {}
  // The status line and common headers for a body of body_len bytes (LWS_ILLEGAL_HTTP_CONTENT_LEN
  // for a stream); false if lws refused.
  bool begin(unsigned status, const char* content_type, unsigned long long body_len);
  bool add_header(const char* name, const char* value);  // name with its ':'
  std::string& body();                                   // ends the header block on first use
  int finish();
  int send();

 private:
  bool end_headers();

  lws* wsi_;
  std::string& buf_;
  unsigned char* p_ = nullptr;  // header write position inside buf_
  bool headers_done_ = false;
};

// The request asked for "Connection: close" (the poll-close transport). False once lws' header
// slot was given back.
bool request_wants_close(lws* wsi);

// A short text/plain response (used for 4xx): "reason\n".
int send_text_response(lws* wsi, std::string& scratch, unsigned status, std::string_view reason);

}  // namespace pushbench
