// pushbench-server as Pushpin's GRIP origin (--grip-publish; docs/method.md "Second
// implementations"). Pushpin holds the connections; this server answers what it has at once and
// hands every wait to Pushpin with GRIP instructions, and the feed publishes each event to
// Pushpin (feed_sink.h) on channel "b", the broadcast:
// - /longpoll with nothing pending: a hold (Grip-Hold: response, Grip-Channel: b; prev-id=after,
//   so Pushpin asks again when an event went out between this answer and its subscription);
//   its own 204 is the answer Pushpin gives at the hang timeout.
// - /sse: Grip-Hold: stream with what is pending as the first records.
// - POST /ws (WebSocket-over-HTTP, Content-Type application/websocket-events): OPEN is answered
//   with OPEN and a subscribe control message for "b"; CLOSE with CLOSE; anything else with
//   nothing.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

struct lws;

namespace pushbench {

struct ServerState;
struct HttpSession;
struct Mailbox;
struct Subscriber;

// The channel every broadcast event is published on.
inline constexpr const char* kGripChannel = "b";

// A /longpoll for `box` found nothing pending (serve_longpoll). 0 keeps the connection.
int grip_hold_longpoll(ServerState& state, lws* wsi, int64_t after);
// GET /sse for `box`, Last-Event-ID already applied. 0 keeps the connection.
int grip_stream_sse(ServerState& state, lws* wsi, Mailbox& box);
// POST /ws: starts reading the WebSocket-over-HTTP events (the body) into state.send_bodies.
int grip_ws_begin(ServerState& state, lws* wsi, Subscriber& sub);
// The body is complete: the answer.
int grip_ws_complete(ServerState& state, lws* wsi, Subscriber& sub);
// The answer's body to the events `request` (WebSocket-over-HTTP): pure, for the tests.
std::string grip_ws_answer(std::string_view request);

}  // namespace pushbench
