// The one write path of every push transport.
#include "push_writer.h"

#include "server_state.h"
#include "subscriber.h"

namespace pushbench {

PushOutcome push_next(ServerState& state, lws* wsi, const Subscriber& sub, lws_write_protocol mode,
                      Framer frame) {
  PushOutcome r;
  if (sub.attached == 0) {
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

}  // namespace pushbench
