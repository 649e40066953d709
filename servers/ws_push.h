// GET /ws?client=ID (docs/contract.md): WebSocket. The connection becomes the waiter of the
// client's mailbox; every event queued there wakes it, and the WRITEABLE callback sends one text
// frame per event.
#pragma once

#include <libwebsockets.h>

#include <cstddef>
#include <string_view>

namespace pushbench {

struct ServerState;
struct HttpSession;
struct Subscriber;

// HTTP_CONFIRM_UPGRADE: returns 0 to accept, 1 after answering 4xx (lws contract).
int ws_confirm_upgrade(ServerState& state, lws* wsi);
int ws_established(ServerState& state, lws* wsi, HttpSession& session);
// An upstream frame (chat, game): reassembled, then handed to state.upstream.
int ws_received(ServerState& state, lws* wsi, Subscriber& sub, const char* in, size_t len);
// Sends a due keep-alive ping first (ws_pinger.h), else the next event.
int ws_writeable(ServerState& state, lws* wsi, HttpSession& session);
// Bytes of payload in a keep-alive ping (its send time); the pong echoes them.
constexpr size_t kPingPayloadBytes = 8;
// Fails the connection with a close frame carrying `code` and `reason` (RFC 6455 §7.1.7): returns
// -1 for the callback to return (lws sends the close, then closes).
int ws_fail(lws* wsi, lws_close_status code, std::string_view reason);
// RECEIVE_PONG: the answer to a keep-alive ping.
void ws_pong(ServerState& state, size_t len);

}  // namespace pushbench
