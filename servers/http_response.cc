// One complete HTTP/1.1 response in one write.
#include "http_response.h"

#include <libwebsockets.h>

#include <cstring>

namespace pushbench {
namespace {
constexpr size_t kHeaderRoom = 512;
}  // namespace

bool is_h2_stream(lws* wsi) noexcept { return lws_get_network_wsi(wsi) != wsi; }

bool request_wants_close(lws* wsi) {
  char value[32];
  if (lws_hdr_copy(wsi, value, sizeof value, WSI_TOKEN_CONNECTION) <= 0) {
    return false;
  }
  return strcasestr(value, "close") != nullptr;
}

bool HttpResponse::begin(unsigned status, const char* content_type, unsigned long long body_len) {
  buf_.resize(LWS_PRE + kHeaderRoom);
  headers_done_ = false;
  auto* start = reinterpret_cast<unsigned char*>(buf_.data()) + LWS_PRE;
  p_ = start;
  if (lws_add_http_common_headers(wsi_, status, content_type, body_len, &p_, start + kHeaderRoom) !=
      0) {
    return false;
  }
  return !request_wants_close(wsi_) || add_header("connection:", "close");
}

bool HttpResponse::add_header(const char* name, const char* value) {
  auto* end = reinterpret_cast<unsigned char*>(buf_.data()) + LWS_PRE + kHeaderRoom;
  return lws_add_http_header_by_name(wsi_, reinterpret_cast<const unsigned char*>(name),
                                     reinterpret_cast<const unsigned char*>(value),
                                     static_cast<int>(std::strlen(value)), &p_, end) == 0;
}

bool HttpResponse::end_headers() {
  if (headers_done_) {
    return true;
  }
  auto* end = reinterpret_cast<unsigned char*>(buf_.data()) + LWS_PRE + kHeaderRoom;
  if (lws_finalize_http_header(wsi_, &p_, end) != 0) {
    return false;
  }
  header_end_ = static_cast<size_t>(p_ - reinterpret_cast<unsigned char*>(buf_.data()));
  buf_.resize(header_end_);
  headers_done_ = true;
  return true;
}

std::string& HttpResponse::body() {
  end_headers();
  return buf_;
}

int HttpResponse::send() { return write(false); }

int HttpResponse::write(bool end_stream) {
  if (!end_headers()) {
    return -1;
  }
  if (is_h2_stream(wsi_)) {
    return send_h2(end_stream);
  }
  auto* start = reinterpret_cast<unsigned char*>(buf_.data()) + LWS_PRE;
  const size_t len = buf_.size() - LWS_PRE;
  // Headers and body go out together as raw bytes; lws' Content-Length bookkeeping was set by
  // lws_add_http_common_headers above.
  return lws_write(wsi_, start, len, LWS_WRITE_HTTP_HEADERS) == static_cast<int>(len) ? 0 : -1;
}

// HTTP/2: the header block is one HEADERS frame, the body one DATA frame; `end_stream` puts
// END_STREAM on the last of them (a stream, SSE, goes on without it). lws queues what the
// connection cannot take at once, so both writes may follow each other.
int HttpResponse::send_h2(bool end_stream) {
  auto* base = reinterpret_cast<unsigned char*>(buf_.data());
  const size_t header_len = header_end_ - LWS_PRE;
  const size_t body_len = buf_.size() - header_end_;
  int flags = LWS_WRITE_HTTP_HEADERS;
  if (end_stream && body_len == 0) {
    flags |= LWS_WRITE_H2_STREAM_END;
  }
  if (lws_write(wsi_, base + LWS_PRE, header_len, static_cast<lws_write_protocol>(flags)) !=
      static_cast<int>(header_len)) {
    return -1;
  }
  h2_.response(header_len, body_len > 0);
  if (body_len == 0) {
    return 0;
  }
  // lws_write wants LWS_PRE bytes of room before the data: the header block's bytes are sent.
  unsigned char* body = base + header_end_;
  return lws_write(wsi_, body, body_len, end_stream ? LWS_WRITE_HTTP_FINAL : LWS_WRITE_HTTP) ==
                 static_cast<int>(body_len)
             ? 0
             : -1;
}

int HttpResponse::finish() {
  if (write(true) != 0 || lws_http_transaction_completed(wsi_) != 0) {
    // Write failed, or Connection: close / lws wants it closed, or an HTTP/2 stream ended (lws
    // says 1 for every stream: the -1 closes the stream, not its connection).
    return -1;
  }
  // lws re-arms a keep-alive idle timeout per transaction by a sorted insert, O(connections)
  // (docs/method.md); idle keep-alive connections are reaped by the server's IdleReaper instead.
  lws_set_timeout(wsi_, NO_PENDING_TIMEOUT, 0);
  return 0;
}

int send_text_response(lws* wsi, std::string& scratch, unsigned status, std::string_view reason) {
  HttpResponse r(wsi, scratch);
  if (!r.begin(status, "text/plain", reason.size() + 1)) {
    return -1;
  }
  r.body().append(reason);
  r.body().push_back('\n');
  return r.finish();
}

}  // namespace pushbench
