// One complete HTTP/1.1 response (status line, headers with Content-Length, body) assembled in
// one buffer and sent with one lws_write: keep-alive needs the Content-Length (without it lws
// closes the connection after each response), and one write measured ~40 % faster than two.
// On an HTTP/2 stream the same calls make a HEADERS frame (HPACK, lws' encoder) and a DATA frame
// that ends the stream.
#pragma once

#include <string>
#include <string_view>

#include "h2_frames.h"

struct lws;

namespace pushbench {

// Call begin (and add_header), then append the body to body(), then finish (a complete
// response) or send (a stream: the body goes on in later writes). Both return 0 to keep
// serving, -1 to close (lws contract).
class HttpResponse {
 public:
  // `h2`: where an HTTP/2 response's frames are counted (none: not counted).
  HttpResponse(lws* wsi, std::string& scratch, H2Tally h2 = {})
      : wsi_(wsi), buf_(scratch), h2_(h2) {}
  // The status line and common headers for a body of body_len bytes (LWS_ILLEGAL_HTTP_CONTENT_LEN
  // for a stream); false if lws refused.
  bool begin(unsigned status, const char* content_type, unsigned long long body_len);
  bool add_header(const char* name, const char* value);  // name with its ':'
  std::string& body();                                   // ends the header block on first use
  int finish();
  int send();

 private:
  bool end_headers();

  int write(bool end_stream);  // end_stream: the response is complete
  int send_h2(bool end_stream);

  lws* wsi_;
  std::string& buf_;
  H2Tally h2_;
  unsigned char* p_ = nullptr;  // header write position inside buf_
  size_t header_end_ = 0;       // buf_'s offset where the body starts
  bool headers_done_ = false;
};

// An HTTP/2 stream (its socket is its connection's, shared with the client's other streams).
bool is_h2_stream(lws* wsi) noexcept;

// The request asked for "Connection: close" (the poll-close transport). False once lws' header
// slot was given back.
bool request_wants_close(lws* wsi);

// A short text/plain response (used for 4xx): "reason\n".
int send_text_response(lws* wsi, std::string& scratch, unsigned status, std::string_view reason);

}  // namespace pushbench
