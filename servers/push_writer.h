// The one write path of every push transport (ws, ws-deflate, sse, tcp): the next pending event
// of the subscriber's mailbox, framed and written with one lws_write per WRITEABLE callback, so
// the transports differ only in their framing.
#pragma once

#include <libwebsockets.h>

#include <string>

#include "mailbox.h"

namespace pushbench {

struct ServerState;
struct Subscriber;

// Appends one event, framed for the transport, to `out` (which already holds LWS_PRE bytes of
// headroom, where lws puts a WebSocket frame header).
using Framer = void (*)(const EncodedEvent& ev, std::string& out);

struct PushOutcome {
  EventRef sent;        // the event written, null when nothing was pending or the write failed
  bool failed = false;  // lws_write failed: the connection must close (return -1)
};

// Re-arms the writeable callback while more events are pending. A failed write puts the event
// back at the front of the queue, so a reconnect still gets it.
PushOutcome push_next(ServerState& state, lws* wsi, const Subscriber& sub, lws_write_protocol mode,
                      Framer frame);

// A ws or tcp connection for `client` that `newcomer` is about to replace as the mailbox's waiter
// (attach() counts it in waiters_replaced): closed at once, a WebSocket with close code 1000
// and the reason "replaced by a newer connection for this client", rather than left open and
// silently starved. Call before attach(). Held HTTP requests are not touched here.
void close_replaced_stream(ServerState& state, int client, lws* newcomer);

}  // namespace pushbench
