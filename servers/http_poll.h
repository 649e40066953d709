// GET /poll?client=ID&after=SEQ (DESIGN.md §3): 200 with a JSON array of every pending event
// with seq > SEQ, oldest first, or 204 when there is none. `after` acknowledges: events up to it
// leave the mailbox, later ones stay until a later poll acknowledges them.
#pragma once

struct lws;

namespace pushbench {

struct ServerState;

// Returns 0 to keep the connection, -1 to close it (lws contract).
int serve_poll(ServerState& state, lws* wsi);

}  // namespace pushbench
