// A connection that waits for one client's events (ws, sse, tcp or a held long poll): the lws
// per-session data, and attaching it to / detaching it from the client's mailbox. One waiter
// per client; a newer connection for the same client takes over (a replaced SSE stream or long
// poll is closed).
#pragma once

#include <cstddef>
#include <type_traits>

#include "ws_inflate_guard.h"

struct lws;

namespace pushbench {

struct ServerState;

// kSend: a POST /send whose body is being read (never a mailbox waiter).
enum class SubscriberKind : int { kNone = 0, kWebSocket, kSse, kLongPoll, kTcp, kSend };

// lws per-session data: raw zeroed C memory, so it stays trivially copyable.
struct Subscriber {
  // First: the permessage-deflate guard finds it at the start of the per-session data.
  InflateGuardState inflate_guard;
  int client;            // mailbox this connection drains
  int attached;          // 1 while it is the mailbox's waiter
  SubscriberKind kind;   // kNone until the request was accepted
  int timed_out;         // long poll: the hang timeout passed, answer 204
  unsigned hold_serial;  // long poll: which hold this is (a timeout must match it)
  // Raw TCP: the "ID\n" line as it arrives (it may come split across reads).
  char tcp_line[16];
  unsigned tcp_line_len;
  int ping_pending;  // WebSocket: a --ws-ping keep-alive ping is due (sent before events);
                     // SSE: a heartbeat comment is due
};
static_assert(std::is_trivially_copyable_v<Subscriber>);
static_assert(std::is_standard_layout_v<Subscriber> && offsetof(Subscriber, inflate_guard) == 0);

// Makes wsi the waiter of sub.client's mailbox; wakes it if events are already pending.
void attach(ServerState& state, lws* wsi, Subscriber& sub);
// Stops waiting (connection closed or long poll answered).
void detach(ServerState& state, lws* wsi, Subscriber& sub) noexcept;

}  // namespace pushbench
