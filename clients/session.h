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

// poll and poll-close: libcurl multi driven by epoll.
std::unique_ptr<Session> make_http_poll_session(const ClientOptions& options, Measurement& m);
// ws: the libwebsockets client on the libev loop.
std::unique_ptr<Session> make_ws_session(const ClientOptions& options, Measurement& m);

}  // namespace pushbench
