// The lws per-session data of a connection, one layout per transport, and attaching a connection
// that waits for one client's events (ws, sse, tcp or a held long poll) to / detaching it from
// the client's mailbox. One waiter per client; a newer connection for the same client takes over
// (a replaced SSE stream or long poll is closed).
//
// lws allocates each protocol's per_session_data_size bytes zeroed (server.cc): HttpSession on
// the HTTP port's protocol (GET /poll, /longpoll, /sse, POST /send, and WebSocket after its
// upgrade), TcpSession on the raw TCP port's. Both start with a Subscriber, the part that code
// may read of any mailbox's waiter whatever its transport; the rest is the transport's own. All
// of it stays raw zeroed C memory: trivially copyable, standard layout, no constructor run.
#pragma once

#include <cstddef>
#include <type_traits>

#include "ws_inflate_guard.h"

struct lws;

namespace pushbench {

struct ServerState;

// kSend: a POST /send whose body is being read (never a mailbox waiter).
enum class SubscriberKind : int { kNone = 0, kWebSocket, kSse, kLongPoll, kTcp, kSend, kGripWs };

// The start of every connection's per-session data.
struct Subscriber {
  // First: the permessage-deflate guard finds it at the start of the per-session data.
  InflateGuardState inflate_guard;
  int client;           // mailbox this connection drains
  bool attached;        // while it is the mailbox's waiter
  SubscriberKind kind;  // kNone until the request was accepted
};

// A held long poll (kLongPoll).
struct LongPollPart {
  unsigned hold_serial;  // which hold this is (a timeout must match it)
  bool timed_out;        // the hang timeout passed: answer 204
};

// An SSE stream (kSse).
struct SsePart {
  bool heartbeat_due;  // a comment line goes out before the next event
};

// A WebSocket (kWebSocket).
struct WsPart {
  bool ping_due;  // a --ws-ping keep-alive ping goes out before the next event
};

// The HTTP port's per-session data. Which part is live follows sub.kind (none for kNone and
// kSend): the handler that sets the kind assigns its part whole, so a keep-alive connection's
// next request never reads what an earlier one left.
struct HttpSession {
  Subscriber sub;  // first: lws_wsi_user() of any waiter is read as a Subscriber
  union {
    LongPollPart longpoll;
    SsePart sse;
    WsPart ws;
  };
  lws* h2_connection;  // an HTTP/2 stream's connection, while counted in its open streams
};

// The raw TCP port's per-session data (kind kNone until the id line was read, then kTcp).
struct TcpSession {
  Subscriber sub;  // first, as in HttpSession
  // The "ID\n" line as it arrives (it may come split across reads).
  char id_line[16];
  unsigned id_line_len;
};

static_assert(std::is_trivially_copyable_v<Subscriber> && std::is_standard_layout_v<Subscriber>);
static_assert(std::is_trivially_copyable_v<HttpSession> && std::is_standard_layout_v<HttpSession>);
static_assert(std::is_trivially_copyable_v<TcpSession> && std::is_standard_layout_v<TcpSession>);
static_assert(offsetof(HttpSession, sub) == 0 && offsetof(TcpSession, sub) == 0 &&
              offsetof(Subscriber, inflate_guard) == 0);

// The per-session data of wsi (null when lws has none for it).
Subscriber* subscriber_of(lws* wsi) noexcept;
// wsi's HttpSession when wsi is a connection of `kind` (kLongPoll, kSse or kWebSocket: kinds only
// an HttpSession takes), else null (also for a null wsi).
HttpSession* http_session_of(lws* wsi, SubscriberKind kind) noexcept;

// Makes wsi the waiter of sub.client's mailbox; wakes it if events are already pending.
void attach(ServerState& state, lws* wsi, Subscriber& sub);
// Stops waiting (connection closed or long poll answered).
void detach(ServerState& state, lws* wsi, Subscriber& sub) noexcept;

}  // namespace pushbench
