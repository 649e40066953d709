// GET /ws: WebSocket push from the client's mailbox.
#include "ws_push.h"

#include <libwebsockets.h>

#include <array>
#include <cctype>
#include <cstring>
#include <string_view>

#include "clock.h"
#include "event.h"

#include "http_response.h"
#include "push_writer.h"
#include "request_args.h"
#include "server_state.h"
#include "subscriber.h"

namespace pushbench {

int ws_fail(lws* wsi, lws_close_status code, std::string_view reason) {
  lws_close_reason(wsi, code, reinterpret_cast<unsigned char*>(const_cast<char*>(reason.data())),
                   reason.size());
  return -1;
}

namespace {
bool path_is(lws* wsi, const char* want) {
  char path[64];
  int n = lws_hdr_copy(wsi, path, sizeof path, WSI_TOKEN_GET_URI);
  return n > 0 && std::strcmp(path, want) == 0;
}

std::string_view header(lws* wsi, lws_token_indexes token, std::array<char, 64>& buf) {
  const int n = lws_hdr_copy(wsi, buf.data(), static_cast<int>(buf.size()), token);
  return n > 0 ? std::string_view(buf.data(), static_cast<size_t>(n)) : std::string_view();
}

// RFC 6455 §4.2.1: Sec-WebSocket-Key is 16 random bytes in base64 (24 characters, "==" last).
bool valid_key(std::string_view key) noexcept {
  if (key.size() != 24 || key.substr(22) != "==") {
    return false;
  }
  for (char c : key.substr(0, 22)) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '+' && c != '/') {
      return false;
    }
  }
  return true;
}

// What is wrong with the handshake's WebSocket headers, "" when nothing. lws 4.1.6 answers any
// version with 101 (server-ws.c: "Unknown client spec version", then carries on as 13) and
// accepts any key: both are checked here, at HTTP_CONFIRM_UPGRADE, before lws answers.
std::string_view handshake_problem(lws* wsi) {
  std::array<char, 64> buf{};
  if (header(wsi, WSI_TOKEN_VERSION, buf) != "13") {
    return "WebSocket needs Sec-WebSocket-Version: 13";
  }
  if (!valid_key(header(wsi, WSI_TOKEN_KEY, buf))) {
    return "Sec-WebSocket-Key must be 16 bytes in base64";
  }
  return {};
}
}  // namespace

int ws_confirm_upgrade(ServerState& state, lws* wsi) {
  if (!path_is(wsi, "/ws")) {
    ++state.counters.ws_rejected;
    ++state.counters.bad_requests;
    send_text_response(wsi, state.scratch, HTTP_STATUS_NOT_FOUND, "WebSocket only on /ws");
    return 1;
  }
  RequestArgs args = parse_request_args(wsi, state.mailboxes.size(), false);
  const std::string_view problem = handshake_problem(wsi);
  if (!args.error.empty() || !problem.empty()) {
    ++state.counters.ws_rejected;
    ++state.counters.bad_requests;
    send_text_response(wsi, state.scratch, HTTP_STATUS_BAD_REQUEST,
                       args.error.empty() ? problem : args.error);
    return 1;
  }
  return 0;
}

int ws_established(ServerState& state, lws* wsi, HttpSession& session) {
  RequestArgs args = parse_request_args(wsi, state.mailboxes.size(), false);
  if (!args.error.empty()) {
    return -1;  // cannot happen after ws_confirm_upgrade accepted it
  }
  Subscriber& sub = session.sub;
  sub.client = args.client;
  sub.kind = SubscriberKind::kWebSocket;
  session.ws = WsPart{.ping_due = false};
  // Before its first message: lws sets zlib up then.
  state.options.deflate.apply(wsi, has_upstream(state.options.workload.workload));
  ++state.counters.ws_accepted;
  state.last_ws_established_ns = mono_ns();
  close_replaced_stream(state, sub.client, wsi);  // one connection per client, the newest
  attach(state, wsi, sub);
  return 0;
}

namespace {
// A PING carrying 8 bytes (RFC 6455 §5.5.2: 10 on the wire; the pong that echoes them is 14 with
// the client's mask). Not empty: lws 4.1 does not report an empty pong to the callback, and
// the pong is what proves the client alive, so it is counted.
int send_ping(ServerState& state, lws* wsi, HttpSession& session) {
  session.ws.ping_due = false;
  const Subscriber& sub = session.sub;
  unsigned char buf[LWS_PRE + kPingPayloadBytes] = {};
  const int64_t now = mono_ns();
  std::memcpy(buf + LWS_PRE, &now, kPingPayloadBytes);
  if (lws_write(wsi, buf + LWS_PRE, kPingPayloadBytes, LWS_WRITE_PING) <
      static_cast<int>(kPingPayloadBytes)) {
    ++state.counters.write_errors;
    return -1;
  }
  ++state.counters.ws_pings_sent;
  state.counters.ws_pings_in_window += state.options.in_window(now) ? 1 : 0;
  if (sub.attached && !state.mailboxes.at(sub.client).pending.empty()) {
    lws_callback_on_writable(wsi);  // one write per WRITEABLE: the events go next
  }
  return 0;
}
}  // namespace

void ws_pong(ServerState& state, size_t len) {
  if (len != kPingPayloadBytes) {
    return;  // not an answer to our ping (an unsolicited pong is allowed and ignored)
  }
  ++state.counters.ws_pongs_received;
  state.counters.ws_pongs_in_window += state.options.in_window(mono_ns()) ? 1 : 0;
}

int ws_writeable(ServerState& state, lws* wsi, HttpSession& session) {
  const Subscriber& sub = session.sub;
  if (!sub.attached) {  // a newer connection for this client took over (attach())
    return ws_fail(wsi, LWS_CLOSE_STATUS_NORMAL, "replaced by a newer connection for this client");
  }
  // Attached means established: the kind is kWebSocket and the ws part is live.
  if (session.ws.ping_due) {
    return send_ping(state, wsi, session);
  }
  const PushOutcome r = push_next(state, wsi, sub, LWS_WRITE_TEXT,
                                  [](const EncodedEvent& ev, std::string& out) { out += ev.json; });
  if (r.sent) {
    ++state.counters.ws_frames_sent;
  }
  return r.failed ? -1 : 0;
}

// RECEIVE hands over at most rx_buffer_size bytes at a time: a message is complete when this is
// the final fragment of its frame and nothing of the frame is left (lws_is_final_fragment also
// waits for permessage-deflate to drain). A message that breaks RFC 6455 fails the connection
// with its close code: 1009 above kMaxPayloadBytes, 1007 for text that is not UTF-8.
int ws_received(ServerState& state, lws* wsi, Subscriber& sub, const char* in, size_t len) {
  if (sub.kind != SubscriberKind::kWebSocket) {
    return 0;
  }
  WsMessage& msg = state.upstream.ws_message(sub.client);
  const bool text = lws_frame_is_binary(wsi) == 0;
  switch (msg.add(std::string_view(in, len), lws_is_final_fragment(wsi) != 0, text)) {
    case WsMessage::Status::kPartial:
      return 0;
    case WsMessage::Status::kTooLarge:
      ++state.counters.bad_requests;
      return ws_fail(wsi, LWS_CLOSE_STATUS_MESSAGE_TOO_LARGE, "message too large");
    case WsMessage::Status::kBadUtf8:
      ++state.counters.bad_requests;
      return ws_fail(wsi, LWS_CLOSE_STATUS_INVALID_PAYLOAD, "text message is not UTF-8");
    case WsMessage::Status::kComplete:
      break;
  }
  ++state.counters.ws_messages_received;
  // A bad message is counted and dropped; the connection and its downstream go on.
  if (!text || !state.upstream.on_message(sub.client, msg.message(), mono_ns()).empty()) {
    ++state.counters.bad_requests;
  }
  msg.clear();
  return 0;
}

}  // namespace pushbench
