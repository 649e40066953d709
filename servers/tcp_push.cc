// Raw TCP push (placeholder until the raw transport lands: every connection is refused).
#include "tcp_push.h"

namespace pushbench {

int tcp_adopted(ServerState&, lws*, Subscriber&) { return -1; }
int tcp_received(ServerState&, lws*, Subscriber&, const char*, size_t) { return -1; }
int tcp_writeable(ServerState&, lws*, Subscriber&) { return -1; }
void tcp_closed(ServerState&, lws*, Subscriber&) noexcept {}

}  // namespace pushbench
