// Query arguments of /poll and /ws: `client` (required, 0..clients-1) and `after` (optional,
// >= -1). A bad value is a 400 with a one-line reason, never a crash.
#pragma once

#include <cstdint>
#include <string>

struct lws;

namespace pushbench {

struct RequestArgs {
  int client = -1;
  int64_t after = -1;
  std::string error;  // non-empty: the 400 reason
};

RequestArgs parse_request_args(lws* wsi, int clients, bool with_after);

}  // namespace pushbench
