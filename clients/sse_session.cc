// SSE client session (placeholder until the sse transport lands).
#include "config_error.h"
#include "session.h"

namespace pushbench {

std::unique_ptr<Session> make_sse_session(const ClientOptions&, Measurement&) {
  throw ConfigError("transport 'sse' is not built yet");
}

}  // namespace pushbench
