// One transport's clients in this process, on one event loop (h2load's Session idea: one
// interface, one implementation per protocol).
#pragma once

#include <memory>

namespace pushbench {

struct ClientOptions;
class Measurement;

class Session {
 public:
  virtual ~Session() = default;
  // Connects every client and serves them until stop_requested().
  virtual void run() = 0;
};

// The session for options.transport; throws ConfigError for a transport not built yet.
std::unique_ptr<Session> make_session(const ClientOptions& options, Measurement& m);

// poll, poll-close and longpoll: libcurl multi driven by epoll (--http-engine curl).
std::unique_ptr<Session> make_http_poll_session(const ClientOptions& options, Measurement& m);
// poll, poll-close and longpoll: epoll and http-parser, no HTTP library (--http-engine lean).
std::unique_ptr<Session> make_lean_poll_session(const ClientOptions& options, Measurement& m);
// sse: libcurl multi driven by epoll, the event stream parsed as it arrives.
std::unique_ptr<Session> make_sse_session(const ClientOptions& options, Measurement& m);
// ws and ws-deflate: the libwebsockets client on the libev loop.
std::unique_ptr<Session> make_ws_session(const ClientOptions& options, Measurement& m);
// ws: epoll and a WebSocket client of pushbench's own, downstream only (--ws-engine lean).
std::unique_ptr<Session> make_lean_ws_session(const ClientOptions& options, Measurement& m);
// tcp: raw sockets on epoll, one newline-terminated event per line.
std::unique_ptr<Session> make_tcp_session(const ClientOptions& options, Measurement& m);

}  // namespace pushbench
