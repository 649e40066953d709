// GET /sse: Server-Sent Events from the client's mailbox.
#include "http_sse.h"

#include <libwebsockets.h>

#include <fmt/format.h>

#include <array>

#include "http_response.h"
#include "parse.h"
#include "request_args.h"
#include "server_state.h"
#include "subscriber.h"

namespace pushbench {
namespace {
// Events written to a client that had already gone are only noticed on a later write; a short
// history lets its reconnect replay them (bounded: a longer outage loses the oldest).
constexpr size_t kReplayEvents = 64;

// Puts back, in order, the written events after last_id, so the stream resumes right after it.
void replay_after(Mailbox& box, int64_t last_id) {
  for (auto it = box.replay.rbegin(); it != box.replay.rend(); ++it) {
    if ((*it)->seq > last_id && (box.pending.empty() || (*it)->seq < box.pending.front()->seq)) {
      box.pending.push_front(*it);
    }
  }
  box.replay.clear();
}
}  // namespace

int serve_sse(ServerState& state, lws* wsi, Subscriber& sub) {
  RequestArgs args = parse_request_args(wsi, state.mailboxes.size(), false);
  if (!args.error.empty()) {
    ++state.counters.bad_requests;
    return send_text_response(wsi, state.scratch, HTTP_STATUS_BAD_REQUEST, args.error);
  }
  Mailbox& box = state.mailboxes.at(args.client);
  std::array<char, 32> last_id{};
  const int n = lws_hdr_custom_copy(wsi, last_id.data(), static_cast<int>(last_id.size()),
                                    "last-event-id:", 14);
  if (n > 0) {
    auto seq = parse_int(std::string_view(last_id.data(), static_cast<size_t>(n)));
    if (!seq || *seq < -1) {
      ++state.counters.bad_requests;
      return send_text_response(wsi, state.scratch, HTTP_STATUS_BAD_REQUEST,
                                "Last-Event-ID must be an event seq");
    }
    replay_after(box, *seq);
    Mailboxes::acknowledge(box, *seq);
    ++state.counters.sse_resumed;
  }
  // No Content-Length: the body is a stream that ends with the connection.
  HttpResponse response(wsi, state.scratch);
  if (!response.begin(HTTP_STATUS_OK, "text/event-stream", LWS_ILLEGAL_HTTP_CONTENT_LEN) ||
      !response.add_header("cache-control:", "no-cache") || response.send() != 0) {
    return -1;
  }
  ++state.counters.sse_streams;
  sub.client = args.client;
  sub.kind = SubscriberKind::kSse;
  attach(state, wsi, sub);
  lws_set_timeout(wsi, NO_PENDING_TIMEOUT, 0);  // a stream may stay quiet for a long time
  return 0;
}

int sse_writeable(ServerState& state, lws* wsi, Subscriber& sub) {
  if (sub.kind != SubscriberKind::kSse || sub.attached == 0) {
    return 0;
  }
  Mailbox& box = state.mailboxes.at(sub.client);
  if (box.pending.empty()) {
    return 0;
  }
  const EventRef ev = std::move(box.pending.front());
  box.pending.pop_front();
  std::string& buf = state.scratch;
  buf.assign(LWS_PRE, '\0');
  fmt::format_to(std::back_inserter(buf), "id: {}\ndata: {}\n\n", ev->seq, ev->json);
  const size_t len = buf.size() - LWS_PRE;
  if (lws_write(wsi, reinterpret_cast<unsigned char*>(buf.data()) + LWS_PRE, len,
                LWS_WRITE_HTTP) < static_cast<int>(len)) {
    ++state.counters.write_errors;
    box.pending.push_front(ev);  // not delivered: a reconnect gets it
    return -1;
  }
  ++state.counters.sse_events_sent;
  box.replay.push_back(ev);
  if (box.replay.size() > kReplayEvents) {
    box.replay.pop_front();
  }
  if (!box.pending.empty()) {
    lws_callback_on_writable(wsi);
  }
  return 0;
}

}  // namespace pushbench
