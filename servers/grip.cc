// The GRIP origin's answers.
#include "grip.h"

#include <libwebsockets.h>

#include <fmt/format.h>

#include "clock.h"
#include "http_response.h"
#include "mailbox.h"
#include "server_state.h"
#include "subscriber.h"

namespace pushbench {
namespace {
// A WebSocket-over-HTTP body arrives within this of its headers (Pushpin sends it at once).
constexpr int64_t kBodyDeadlineNs = 10 * kNsPerSec;
constexpr size_t kMaxEventsBody = 64 * 1024;

int respond(ServerState& state, lws* wsi, unsigned status, const char* type,
            std::initializer_list<std::pair<const char*, std::string>> headers,
            std::string_view body) {
  HttpResponse r(wsi, state.scratch);
  if (!r.begin(status, type, body.size())) {
    return -1;
  }
  for (const auto& [name, value] : headers) {
    if (!r.add_header(name, value.c_str())) {
      return -1;
    }
  }
  r.body().append(body);
  return r.finish();
}
}  // namespace

int grip_hold_longpoll(ServerState& state, lws* wsi, int64_t after) {
  ++state.counters.grip_holds;
  const std::string channel =
      after >= 0 ? fmt::format("{}; prev-id={}", kGripChannel, after) : std::string(kGripChannel);
  const std::string timeout =
      std::to_string(std::max<int64_t>(1, state.options.longpoll_timeout_ns / kNsPerSec));
  // The 204 is what Pushpin answers when the hold times out (the contract's empty long poll).
  return respond(
      state, wsi, HTTP_STATUS_NO_CONTENT, "application/json",
      {{"grip-hold:", "response"}, {"grip-channel:", channel}, {"grip-timeout:", timeout}}, "");
}

int grip_stream_sse(ServerState& state, lws* wsi, Mailbox& box) {
  ++state.counters.grip_holds;
  ++state.counters.sse_streams;
  std::string body;
  int64_t last = -1;
  for (const EventRef& ev : box.pending) {
    fmt::format_to(std::back_inserter(body), "id: {}\ndata: {}\n\n", ev->seq, ev->json);
    last = ev->seq;
    ++state.counters.sse_events_sent;
  }
  if (last >= 0) {
    Mailboxes::acknowledge(box, last);  // Pushpin has them; a resume says where it got to
  }
  return respond(
      state, wsi, HTTP_STATUS_OK, "text/event-stream",
      {{"cache-control:", "no-cache"}, {"grip-hold:", "stream"}, {"grip-channel:", kGripChannel}},
      body);
}

std::string grip_ws_answer(std::string_view request) {
  std::string out;
  if (request.starts_with("OPEN")) {
    const std::string control =
        fmt::format("c:{{\"type\":\"subscribe\",\"channel\":\"{}\"}}", kGripChannel);
    out = fmt::format("OPEN\r\nTEXT {:x}\r\n{}\r\n", control.size(), control);
  } else if (request.starts_with("CLOSE") || request.find("\r\nCLOSE") != std::string_view::npos) {
    out = "CLOSE\r\n";
  }
  return out;
}

int grip_ws_begin(ServerState& state, lws* wsi, Subscriber& sub) {
  sub.kind = SubscriberKind::kGripWs;
  PendingBody& pending = state.send_bodies[wsi];
  pending.body.clear();
  pending.deadline_ns = mono_ns() + kBodyDeadlineNs;
  char length[24] = {};
  if (lws_hdr_copy(wsi, length, sizeof length, WSI_TOKEN_HTTP_CONTENT_LENGTH) <= 0 ||
      std::string_view(length) == "0") {
    return grip_ws_complete(state, wsi, sub);  // lws reports no body callbacks for none
  }
  return 0;
}

int grip_ws_complete(ServerState& state, lws* wsi, Subscriber& sub) {
  sub.kind = SubscriberKind::kNone;
  std::string request;
  if (auto it = state.send_bodies.find(wsi); it != state.send_bodies.end()) {
    request = std::move(it->second.body);
    state.send_bodies.erase(it);
  }
  if (request.size() > kMaxEventsBody) {
    return -1;
  }
  const std::string answer = grip_ws_answer(request);
  if (answer.starts_with("OPEN")) {
    ++state.counters.grip_ws_opened;
  }
  return respond(state, wsi, HTTP_STATUS_OK, "application/websocket-events",
                 {{"sec-websocket-extensions:", "grip"}}, answer);
}

}  // namespace pushbench
