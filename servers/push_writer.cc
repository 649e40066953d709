// The one write path of every push transport.
#include "push_writer.h"

#include "server_state.h"
#include "subscriber.h"

namespace pushbench {

PushOutcome push_next(ServerState& state, lws* wsi, const Subscriber& sub, lws_write_protocol mode,
                      Framer frame) {
  PushOutcome r;
  if (!sub.attached) {
    return r;
  }
  Mailbox& box = state.mailboxes.at(sub.client);
  if (box.pending.empty()) {
    return r;
  }
  EventRef ev = std::move(box.pending.front());
  box.pending.pop_front();
  std::string& buf = state.scratch;  // one loop, one thread: one reused buffer
  buf.assign(LWS_PRE, '\0');
  frame(*ev, buf);
  const size_t len = buf.size() - LWS_PRE;
  // lws_write() sends everything or buffers the rest itself and returns len; less is an error.
  if (lws_write(wsi, reinterpret_cast<unsigned char*>(buf.data()) + LWS_PRE, len, mode) <
      static_cast<int>(len)) {
    ++state.counters.write_errors;
    box.pending.push_front(std::move(ev));  // not delivered: a reconnect gets it
    r.failed = true;
    return r;
  }
  if (!box.pending.empty()) {
    lws_callback_on_writable(wsi);
  }
  r.sent = std::move(ev);
  return r;
}

void close_replaced_stream(ServerState& state, int client, lws* newcomer) {
  lws* old = state.mailboxes.at(client).waiter;
  Subscriber* sub = old != nullptr && old != newcomer ? subscriber_of(old) : nullptr;
  if (sub == nullptr ||
      (sub->kind != SubscriberKind::kWebSocket && sub->kind != SubscriberKind::kTcp)) {
    return;
  }
  if (sub->kind == SubscriberKind::kWebSocket) {
    lws_callback_on_writable(
        old);  // ws_writeable() sends the close frame (attached is false by then)
    return;
  }
  // Closed from the loop, not from inside this (the newcomer's) callback.
  lws_set_timeout(old, PENDING_TIMEOUT_CLOSE_SEND, LWS_TO_KILL_ASYNC);
}

}  // namespace pushbench
