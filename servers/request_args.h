// Query arguments of /poll and /ws: `client` (required, 0..clients-1) and `after` (optional,
// >= -1). A bad value is a 400 with a one-line reason, never a crash.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

struct lws;

namespace pushbench {

struct RequestArgs {
  int client = -1;
  int64_t after = -1;
  std::string error;  // non-empty: the 400 reason
};

// A query argument ("name=value") longer than this is refused (400) rather than skipped.
constexpr int kMaxQueryArgBytes = 255;

// The arguments of the request on wsi, from lws' query fragments.
RequestArgs parse_request_args(lws* wsi, int clients, bool with_after);
// The same from the query's fragments as lws splits them ("name=value" each, in order), without
// lws: what parse_request_args(wsi, ...) decides for a request with these fragments.
RequestArgs parse_request_args(std::span<const std::string_view> fragments, int clients,
                               bool with_after);

}  // namespace pushbench
