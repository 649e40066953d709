// Per-session data lookups, and attaching a waiting connection to a client's mailbox.
#include "subscriber.h"

#include <libwebsockets.h>

#include "server_state.h"

namespace pushbench {

Subscriber* subscriber_of(lws* wsi) noexcept { return static_cast<Subscriber*>(lws_wsi_user(wsi)); }

HttpSession* http_session_of(lws* wsi, SubscriberKind kind) noexcept {
  Subscriber* sub = wsi != nullptr ? subscriber_of(wsi) : nullptr;
  // Pointer-interconvertible: sub is the first member of a standard-layout HttpSession.
  return sub != nullptr && sub->kind == kind ? reinterpret_cast<HttpSession*>(sub) : nullptr;
}

void attach(ServerState& state, lws* wsi, Subscriber& sub) {
  Mailbox& box = state.mailboxes.at(sub.client);
  if (box.waiter != nullptr && box.waiter != wsi) {
    ++state.counters.waiters_replaced;
    if (Subscriber* old = subscriber_of(box.waiter)) {
      old->attached = false;
      // A replaced SSE stream or long poll would never be written to again: close it now, or
      // a client that opened many (and hung up) leaves them in CLOSE_WAIT, each holding a
      // descriptor.
      if (old->kind == SubscriberKind::kSse || old->kind == SubscriberKind::kLongPoll) {
        old->kind = SubscriberKind::kNone;
        lws_set_timeout(box.waiter, PENDING_TIMEOUT_CLOSE_SEND, LWS_TO_KILL_ASYNC);
      }
    }
  }
  box.waiter = wsi;
  sub.attached = true;
  if (!box.pending.empty()) {
    lws_callback_on_writable(wsi);  // events queued before this connection came
  }
}

void detach(ServerState& state, lws* wsi, Subscriber& sub) noexcept {
  if (!sub.attached) {
    return;
  }
  Mailbox& box = state.mailboxes.at(sub.client);
  if (box.waiter == wsi) {
    box.waiter = nullptr;
  }
  sub.attached = false;
}

}  // namespace pushbench
