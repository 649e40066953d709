// GET /longpoll.
#include "http_longpoll.h"

#include <libwebsockets.h>

#include "clock.h"
#include "grip.h"
#include "http_poll.h"
#include "http_response.h"
#include "request_args.h"
#include "server_state.h"
#include "subscriber.h"

namespace pushbench {
namespace {
// Is this hold still the one its connection waits on? A closed connection left the mailbox (so
// its wsi is never touched); an answered one changed its serial.
HttpSession* live_hold(ServerState& state, const LongPollHold& hold) noexcept {
  if (state.mailboxes.at(hold.client).waiter != hold.wsi) {
    return nullptr;
  }
  HttpSession* session = http_session_of(hold.wsi, SubscriberKind::kLongPoll);
  return session != nullptr && session->longpoll.hold_serial == hold.serial ? session : nullptr;
}
}  // namespace

int serve_longpoll(ServerState& state, lws* wsi, HttpSession& session) {
  RequestArgs args = parse_request_args(wsi, state.mailboxes.size(), true);
  if (!args.error.empty()) {
    ++state.counters.bad_requests;
    return send_text_response(wsi, state.scratch, HTTP_STATUS_BAD_REQUEST, args.error);
  }
  ++state.counters.longpoll_requests;
  Mailbox& box = state.mailboxes.at(args.client);
  Mailboxes::acknowledge(box, args.after);
  if (!box.pending.empty()) {
    return respond_with_pending(state, wsi, box);
  }
  if (state.options.grip()) {
    return grip_hold_longpoll(state, wsi, args.after);  // Pushpin holds it
  }
  ++state.counters.longpoll_held;
  Subscriber& sub = session.sub;
  sub.client = args.client;
  sub.kind = SubscriberKind::kLongPoll;
  session.longpoll = LongPollPart{.hold_serial = state.next_hold_serial++, .timed_out = false};
  attach(state, wsi, sub);
  state.held.watch(wsi);
  state.holds.push({mono_ns() + state.options.longpoll_timeout_ns, wsi, args.client,
                    session.longpoll.hold_serial},
                   [&state](const LongPollHold& h) { return live_hold(state, h) != nullptr; });
  // The hold's own timeout is ours (above); lws' per-connection timeout would cut it short.
  lws_set_timeout(wsi, NO_PENDING_TIMEOUT, 0);
  // Give lws' header slot back while the poll is held (the pool is shared by every connection).
  // A request that asked for Connection: close keeps it: the answer reads that header.
  if (!request_wants_close(wsi)) {
    lws_http_headers_detach(wsi);
  }
  return 0;
}

int longpoll_writeable(ServerState& state, lws* wsi, HttpSession& session) {
  Subscriber& sub = session.sub;
  if (sub.kind != SubscriberKind::kLongPoll) {
    return 0;
  }
  Mailbox& box = state.mailboxes.at(sub.client);
  const bool timed_out = session.longpoll.timed_out;
  if (!timed_out && (!sub.attached || box.pending.empty())) {
    return 0;  // a spurious wake: keep holding
  }
  if (timed_out) {
    ++state.counters.longpoll_timeouts;
  }
  detach(state, wsi, sub);
  state.held.forget(wsi);            // lws reads this connection's next request itself
  sub.kind = SubscriberKind::kNone;  // the keep-alive connection may carry another request
  session.longpoll.timed_out = false;
  return respond_with_pending(state, wsi, box);
}

void expire_long_polls(ServerState& state, int64_t now_ns) noexcept {
  state.holds.expire(now_ns, [&state](const LongPollHold& hold) {
    if (HttpSession* session = live_hold(state, hold)) {
      session->longpoll.timed_out = true;
      lws_callback_on_writable(hold.wsi);
    }
  });
}

}  // namespace pushbench
