// GET /longpoll?client=ID&after=SEQ (docs/contract.md, RFC 6202): as /poll, but when nothing is
// pending the request is held, as the client's mailbox waiter, until an event is queued or the
// hang timeout passes (then 204). Events published while no request is held stay queued.
#pragma once

#include <cstdint>

struct lws;

namespace pushbench {

struct ServerState;
struct HttpSession;

// Returns 0 to keep the connection (answered or held), -1 to close it (lws contract).
int serve_longpoll(ServerState& state, lws* wsi, HttpSession& session);
// HTTP_WRITEABLE of a held long poll: answer with what is pending, or 204 after a timeout.
int longpoll_writeable(ServerState& state, lws* wsi, HttpSession& session);
// Marks the holds whose hang timeout has passed and wakes them (O(1) per hold).
void expire_long_polls(ServerState& state, int64_t now_ns) noexcept;

}  // namespace pushbench
