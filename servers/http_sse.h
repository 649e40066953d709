// GET /sse?client=ID (docs/contract.md): Server-Sent Events. A 200 text/event-stream response that
// never ends: the connection becomes the client's mailbox waiter and each event goes out as one
// record "id: SEQ\ndata: JSON\n\n". A reconnect with Last-Event-ID: SEQ acknowledges everything
// up to SEQ, so the stream resumes with no loss and no duplicate.
#pragma once

struct lws;

namespace pushbench {

struct ServerState;
struct HttpSession;

int serve_sse(ServerState& state, lws* wsi, HttpSession& session);
int sse_writeable(ServerState& state, lws* wsi, HttpSession& session);
// Marks a heartbeat comment due on every open stream (--sse-heartbeat).
void sse_heartbeat(ServerState& state) noexcept;

}  // namespace pushbench
