// GET /ws?client=ID (DESIGN.md §3): WebSocket. The connection becomes the waiter of the client's
// mailbox; every event queued there wakes it, and the WRITEABLE callback sends one text frame
// per event.
#pragma once

#include <cstddef>

struct lws;

namespace pushbench {

struct ServerState;
struct Subscriber;

// HTTP_CONFIRM_UPGRADE: returns 0 to accept, 1 after answering 4xx (lws contract).
int ws_confirm_upgrade(ServerState& state, lws* wsi);
int ws_established(ServerState& state, lws* wsi, Subscriber& sub);
// An upstream frame (chat, game): reassembled, then handed to state.upstream.
int ws_received(ServerState& state, lws* wsi, Subscriber& sub, const char* in, size_t len);
int ws_writeable(ServerState& state, lws* wsi, Subscriber& sub);

}  // namespace pushbench
