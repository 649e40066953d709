// GET /poll?client=ID&after=SEQ (docs/contract.md): 200 with a JSON array of every pending event
// with seq > SEQ, oldest first, or 204 when there is none. `after` acknowledges: events up to it
// leave the mailbox, later ones stay until a later poll acknowledges them.
#pragma once

struct lws;

namespace pushbench {

struct Mailbox;
struct ServerState;

// Returns 0 to keep the connection, -1 to close it (lws contract).
int serve_poll(ServerState& state, lws* wsi);
// 200 + the pending events as a JSON array, or 204 when none (shared with /longpoll).
int respond_with_pending(ServerState& state, lws* wsi, Mailbox& box);

}  // namespace pushbench
