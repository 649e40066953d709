// POST /send?client=ID (docs/contract.md): the upstream path of the HTTP transports in the chat and
// game workloads. The body (Content-Length, at most kMaxPayloadBytes) is one message, handed to
// state.upstream; the answer is 204, or 400 with the reason. Keep-alive like every response.
#pragma once

#include <cstddef>

struct lws;

namespace pushbench {

struct ServerState;
struct Subscriber;

// LWS_CALLBACK_HTTP for a POST: checks the path, client and length. Returns 0 to read the body,
// or the result of answering 4xx (a refused request's body is not read: the connection closes).
int serve_send(ServerState& state, lws* wsi, const char* path, Subscriber& sub);
int send_body(ServerState& state, lws* wsi, Subscriber& sub, const char* in, size_t len);
int send_body_complete(ServerState& state, lws* wsi, Subscriber& sub);
// The connection went away: forget a half-read body.
void send_closed(ServerState& state, lws* wsi) noexcept;

}  // namespace pushbench
