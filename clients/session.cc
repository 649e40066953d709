// Picks the session of a transport.
#include "session.h"

#include <fmt/format.h>

#include "client_options.h"
#include "config_error.h"

namespace pushbench {

std::unique_ptr<Session> make_session(const ClientOptions& options, Measurement& m) {
  switch (options.transport) {
    case Transport::kPoll:
    case Transport::kPollClose:
    case Transport::kLongPoll:
      return options.http_engine == HttpEngine::kLean ? make_lean_poll_session(options, m)
                                                      : make_http_poll_session(options, m);
    case Transport::kPollH2:
    case Transport::kLongPollH2:
      return make_http_poll_session(options, m);
    case Transport::kSse:
    case Transport::kSseH2:
      return make_sse_session(options, m);
    case Transport::kWebSocket:
      return options.lean_ws ? make_lean_ws_session(options, m) : make_ws_session(options, m);
    case Transport::kWsDeflate:
      return make_ws_session(options, m);
    case Transport::kTcp:
      return make_tcp_session(options, m);
  }
  throw ConfigError(fmt::format("no client session for transport '{}'", name(options.transport)));
}

}  // namespace pushbench
