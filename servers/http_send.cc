// POST /send.
#include "http_send.h"

#include <libwebsockets.h>

#include <fmt/format.h>

#include <array>
#include <cstring>

#include "clock.h"
#include "event.h"
#include "grip.h"
#include "http_response.h"
#include "parse.h"
#include "request_args.h"
#include "server_state.h"
#include "subscriber.h"

namespace pushbench {
namespace {
// A whole message body must arrive within this of its headers; lws' own body timeout restarts
// at every chunk, so a body trickled a byte at a time would hold the connection for ever.
constexpr int64_t kBodyDeadlineNs = 10 * kNsPerSec;

// Answers a refused POST and closes: its body may still be on the way and must not be read as
// the next request.
int refuse(ServerState& state, lws* wsi, unsigned status, std::string_view reason) {
  ++state.counters.bad_requests;
  send_text_response(wsi, state.scratch, status, reason);
  return -1;
}
}  // namespace

int serve_send(ServerState& state, lws* wsi, const char* path, Subscriber& sub) {
  if (state.options.grip() && std::strcmp(path, "/ws") == 0) {
    return grip_ws_begin(state, wsi, sub);  // WebSocket-over-HTTP from Pushpin
  }
  if (std::strcmp(path, "/send") != 0) {
    return refuse(state, wsi, HTTP_STATUS_METHOD_NOT_ALLOWED,
                  fmt::format("POST is only served on /send (got {})", path));
  }
  RequestArgs args = parse_request_args(wsi, state.mailboxes.size(), false);
  if (!args.error.empty()) {
    return refuse(state, wsi, HTTP_STATUS_BAD_REQUEST, args.error);
  }
  std::array<char, 24> text{};
  if (lws_hdr_copy(wsi, text.data(), static_cast<int>(text.size()),
                   WSI_TOKEN_HTTP_CONTENT_LENGTH) <= 0) {
    return refuse(state, wsi, HTTP_STATUS_LENGTH_REQUIRED, "POST /send needs a Content-Length");
  }
  const std::optional<int64_t> length = parse_int(text.data());
  if (!length || *length < 0 || *length > kMaxPayloadBytes) {
    return refuse(state, wsi, HTTP_STATUS_REQ_ENTITY_TOO_LARGE,
                  fmt::format("a message is at most {} bytes (Content-Length: {})",
                              kMaxPayloadBytes, text.data()));
  }
  sub.client = args.client;
  sub.kind = SubscriberKind::kSend;
  PendingBody& pending = state.send_bodies[wsi];
  pending.body.clear();
  pending.body.reserve(static_cast<size_t>(*length));
  pending.deadline_ns = mono_ns() + kBodyDeadlineNs;
  if (*length == 0) {
    return send_body_complete(state, wsi, sub);  // lws reports no body callbacks for none
  }
  return 0;
}

int send_body(ServerState& state, lws* wsi, Subscriber& sub, const char* in, size_t len) {
  if (sub.kind != SubscriberKind::kSend && sub.kind != SubscriberKind::kGripWs) {
    return -1;
  }
  PendingBody& pending = state.send_bodies[wsi];
  if (pending.body.size() + len > static_cast<size_t>(kMaxPayloadBytes)) {
    state.send_bodies.erase(wsi);
    return refuse(state, wsi, HTTP_STATUS_REQ_ENTITY_TOO_LARGE, "message body too long");
  }
  if (mono_ns() > pending.deadline_ns) {
    state.send_bodies.erase(wsi);
    return refuse(state, wsi, HTTP_STATUS_REQUEST_TIMEOUT,
                  fmt::format("the body did not arrive within {} s", kBodyDeadlineNs / kNsPerSec));
  }
  pending.body.append(in, len);
  return 0;
}

int send_body_complete(ServerState& state, lws* wsi, Subscriber& sub) {
  if (sub.kind == SubscriberKind::kGripWs) {
    return grip_ws_complete(state, wsi, sub);  // WebSocket-over-HTTP events from Pushpin
  }
  if (sub.kind != SubscriberKind::kSend) {
    return -1;
  }
  sub.kind = SubscriberKind::kNone;  // the next request on this connection starts afresh
  const int64_t now = mono_ns();
  auto it = state.send_bodies.find(wsi);
  std::string error = it == state.send_bodies.end()
                          ? std::string("no body")
                          : state.upstream.on_message(sub.client, it->second.body, now);
  if (it != state.send_bodies.end()) {
    state.send_bodies.erase(it);
  }
  if (!error.empty()) {
    ++state.counters.bad_requests;
    return send_text_response(wsi, state.scratch, HTTP_STATUS_BAD_REQUEST, error);
  }
  ++state.counters.send_requests;
  HttpResponse response(wsi, state.scratch, state.h2_tally());
  return response.begin(HTTP_STATUS_NO_CONTENT, "text/plain", 0) ? response.finish() : -1;
}

void send_closed(ServerState& state, lws* wsi) noexcept { state.send_bodies.erase(wsi); }

}  // namespace pushbench
