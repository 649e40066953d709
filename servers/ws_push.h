// GET /ws?client=ID (DESIGN.md §3): WebSocket. The connection attaches to the client's mailbox;
// every event queued there wakes it, and the WRITEABLE callback sends one text frame per event.
#pragma once

#include <cstddef>
#include <type_traits>

struct lws;

namespace pushbench {

struct ServerState;

// lws per-session data: raw zeroed C memory, so it stays trivially copyable.
struct WsSession {
  int client;    // mailbox this connection drains
  int attached;  // 1 while it owns the mailbox's ws slot
};
static_assert(std::is_trivially_copyable_v<WsSession>);

// HTTP_CONFIRM_UPGRADE: returns 0 to accept, 1 after answering 4xx (lws contract).
int ws_confirm_upgrade(ServerState& state, lws* wsi);
int ws_established(ServerState& state, lws* wsi, WsSession& session);
int ws_writeable(ServerState& state, lws* wsi, WsSession& session);
void ws_closed(ServerState& state, lws* wsi, WsSession& session);

}  // namespace pushbench
