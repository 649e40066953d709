// Attaching a waiting connection to a client's mailbox.
#include "subscriber.h"

#include <libwebsockets.h>

#include "server_state.h"

namespace pushbench {

void attach(ServerState& state, lws* wsi, Subscriber& sub) {
  Mailbox& box = state.mailboxes.at(sub.client);
  if (box.waiter != nullptr && box.waiter != wsi) {
    ++state.counters.waiters_replaced;
    if (auto* old = static_cast<Subscriber*>(lws_wsi_user(box.waiter))) {
      old->attached = 0;
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
  sub.attached = 1;
  if (!box.pending.empty()) {
    lws_callback_on_writable(wsi);  // events queued before this connection came
  }
}

void detach(ServerState& state, lws* wsi, Subscriber& sub) noexcept {
  if (sub.attached == 0) {
    return;
  }
  Mailbox& box = state.mailboxes.at(sub.client);
  if (box.waiter == wsi) {
    box.waiter = nullptr;
  }
  sub.attached = 0;
}

}  // namespace pushbench
