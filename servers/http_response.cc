// One complete HTTP/1.1 response in one write.
#include "http_response.h"

#include <libwebsockets.h>

#include <cstring>

namespace pushbench {
namespace {
constexpr size_t kHeaderRoom = 512;

// The request asked for "Connection: close" (the poll-close transport).
bool wants_close(lws* wsi) {
  char value[32];
  if (lws_hdr_copy(wsi, value, sizeof value, WSI_TOKEN_CONNECTION) <= 0) {
    return false;
  }
  return strcasestr(value, "close") != nullptr;
}
}  // namespace

bool HttpResponse::begin(unsigned status, const char* content_type, size_t body_len) {
  buf_.resize(LWS_PRE + kHeaderRoom);
  auto* start = reinterpret_cast<unsigned char*>(buf_.data()) + LWS_PRE;
  unsigned char* p = start;
  unsigned char* end = start + kHeaderRoom;
  if (lws_add_http_common_headers(wsi_, status, content_type, body_len, &p, end) != 0) {
    return false;
  }
  if (wants_close(wsi_) &&
      lws_add_http_header_by_token(wsi_, WSI_TOKEN_CONNECTION,
                                   reinterpret_cast<const unsigned char*>("close"), 5, &p,
                                   end) != 0) {
    return false;
  }
  if (lws_finalize_http_header(wsi_, &p, end) != 0) {
    return false;
  }
  buf_.resize(static_cast<size_t>(p - reinterpret_cast<unsigned char*>(buf_.data())));
  return true;
}

int HttpResponse::finish() {
  auto* start = reinterpret_cast<unsigned char*>(buf_.data()) + LWS_PRE;
  const size_t len = buf_.size() - LWS_PRE;
  // Headers and body go out together as raw bytes; lws' Content-Length bookkeeping was set by
  // lws_add_http_common_headers above.
  if (lws_write(wsi_, start, len, LWS_WRITE_HTTP_HEADERS) != static_cast<int>(len)) {
    return -1;
  }
  if (lws_http_transaction_completed(wsi_) != 0) {
    return -1;  // Connection: close, or lws wants it closed
  }
  // lws re-arms a keep-alive idle timeout per transaction by a sorted insert, O(connections)
  // (DESIGN.md §9); idle keep-alive connections are left to the client to close.
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
