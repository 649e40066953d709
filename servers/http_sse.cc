// GET /sse: Server-Sent Events from the client's mailbox.
#include "http_sse.h"

#include <libwebsockets.h>

#include <fmt/format.h>

#include <array>

#include "grip.h"
#include "http_response.h"
#include "parse.h"
#include "push_writer.h"
#include "request_args.h"
#include "server_state.h"
#include "subscriber.h"

namespace pushbench {
namespace {
// One lws_write on an HTTP/2 stream is one DATA frame.
void count_h2_data_frame(ServerState& state, lws* wsi) noexcept {
  if (is_h2_stream(wsi)) {
    state.h2_tally().data_frame();
  }
}
}  // namespace

int serve_sse(ServerState& state, lws* wsi, HttpSession& session) {
  RequestArgs args = parse_request_args(wsi, state.mailboxes.size(), true);
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
    Mailboxes::replay_after(box, *seq);
    Mailboxes::acknowledge(box, *seq);
    ++state.counters.sse_resumed;
  } else if (args.after >= 0) {
    // ?after=SEQ says the same: lws 4.1.6 drops every header it has no token for (Last-Event-ID
    // among them) from an HTTP/2 request, so the sse-h2 client resumes with both.
    Mailboxes::replay_after(box, args.after);
    Mailboxes::acknowledge(box, args.after);
    ++state.counters.sse_resumed;
  }
  if (state.options.grip()) {
    return grip_stream_sse(state, wsi, box);  // Pushpin holds the stream
  }
  // No Content-Length: the body is a stream that ends with the connection.
  HttpResponse response(wsi, state.scratch, state.h2_tally());
  if (!response.begin(HTTP_STATUS_OK, "text/event-stream", LWS_ILLEGAL_HTTP_CONTENT_LEN) ||
      !response.add_header("cache-control:", "no-cache") || response.send() != 0) {
    return -1;
  }
  ++state.counters.sse_streams;
  session.sub.client = args.client;
  session.sub.kind = SubscriberKind::kSse;
  session.sse = SsePart{.heartbeat_due = false};
  attach(state, wsi, session.sub);
  state.held.watch(wsi);
  lws_set_timeout(wsi, NO_PENDING_TIMEOUT, 0);  // a stream may stay quiet for a long time
  // The request's headers were read: give lws' header slot back (the pool is shared by every
  // connection, and lws drops a connection that holds one for over 6 minutes). Not
  // lws_http_mark_sse() on HTTP/2: it does this and marks the stream immortal, which the vhost's
  // LWS_SERVER_OPTION_VH_H2_HALF_CLOSED_LONG_POLL did when the stream arrived, and lws 4.1.6
  // counts a connection's immortal streams in a uint8_t that a second mark raises once more
  // and a close lowers once: every SSE stream would leak one, and lws asserts at 255 (the
  // sse-h2 run of H2Test with 200 streams on one connection aborted the server so).
  lws_http_headers_detach(wsi);
  return 0;
}

void sse_heartbeat(ServerState& state) noexcept {
  for (int client = 0; client < state.mailboxes.size(); ++client) {
    lws* waiter = state.mailboxes.at(client).waiter;
    if (HttpSession* session = http_session_of(waiter, SubscriberKind::kSse)) {
      session->sse.heartbeat_due = true;
      lws_callback_on_writable(waiter);
    }
  }
}

int sse_writeable(ServerState& state, lws* wsi, HttpSession& session) {
  const Subscriber& sub = session.sub;
  if (sub.kind != SubscriberKind::kSse) {
    return 0;
  }
  if (session.sse.heartbeat_due) {
    session.sse.heartbeat_due = false;
    ++state.counters.sse_heartbeats;
    std::string& out = state.scratch;
    out.assign(LWS_PRE, '\0');
    out.append(":\n\n");  // a comment line: clients ignore it
    const int len = static_cast<int>(out.size() - LWS_PRE);
    if (lws_write(wsi, reinterpret_cast<unsigned char*>(out.data()) + LWS_PRE,
                  static_cast<size_t>(len), LWS_WRITE_HTTP) != len) {
      ++state.counters.write_errors;
      return -1;
    }
    count_h2_data_frame(state, wsi);
    if (!state.mailboxes.at(sub.client).pending.empty()) {
      lws_callback_on_writable(wsi);
    }
    return 0;
  }
  const PushOutcome r =
      push_next(state, wsi, sub, LWS_WRITE_HTTP, [](const EncodedEvent& ev, std::string& out) {
        fmt::format_to(std::back_inserter(out), "id: {}\ndata: {}\n\n", ev.seq, ev.json);
      });
  if (r.sent) {
    count_h2_data_frame(state, wsi);
    ++state.counters.sse_events_sent;
    Mailboxes::remember_written(state.mailboxes.at(sub.client), r.sent);
  }
  return r.failed ? -1 : 0;
}

}  // namespace pushbench
