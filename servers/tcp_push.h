// Raw TCP on its own port (docs/contract.md): the floor no protocol can beat. The client writes
// "ID\n" once; the connection then becomes the waiter of that client's mailbox and receives
// every event as one line, the event JSON followed by '\n'.
#pragma once

#include <cstddef>

struct lws;

namespace pushbench {

struct ServerState;
struct Subscriber;
struct TcpSession;

int tcp_adopted(ServerState& state, lws* wsi, TcpSession& session);
int tcp_received(ServerState& state, lws* wsi, TcpSession& session, const char* in, size_t len);
int tcp_writeable(ServerState& state, lws* wsi, Subscriber& sub);
void tcp_closed(ServerState& state, lws* wsi, Subscriber& sub) noexcept;

}  // namespace pushbench
