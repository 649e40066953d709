// Raw TCP client session (placeholder until the raw transport lands).
#include "config_error.h"
#include "session.h"

namespace pushbench {

std::unique_ptr<Session> make_tcp_session(const ClientOptions&, Measurement&) {
  throw ConfigError("transport 'tcp' is not built yet");
}

}  // namespace pushbench
