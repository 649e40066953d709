// pushbench-client --url: runs the endpoint's clients from now through warm-up and window, then
// prints what EndpointStats measured (a table on stdout, progress on stderr unless --quiet, the
// JSON to --result). Exit 0 when at least one connection opened, 1 when none did (the first
// error says why).
#pragma once

#include <cstdint>

#include "endpoint.h"
#include "endpoint_stats.h"

namespace pushbench {

int run_endpoint(const EndpointOptions& options);

// The two loops run_endpoint picks from, each until end_ns (CLOCK_MONOTONIC) or a stop signal.
// sse and poll: libcurl multi; ws: a libwebsockets client context.
void run_http_endpoint(const EndpointOptions& options, EndpointStats& stats, int64_t start_ns,
                       int64_t end_ns);
void run_ws_endpoint(const EndpointOptions& options, const EndpointUrl& url, EndpointStats& stats,
                     int64_t start_ns, int64_t end_ns);

// A dropped stream or failed connect is retried after this (SSE: unless retry: said otherwise).
inline constexpr int64_t kEndpointRetryNs = 1'000'000'000;
// First connects are spread, 10 per ms, so a server's accept queue is not flooded.
inline constexpr int64_t kEndpointConnectSpacingNs = 100'000;

}  // namespace pushbench
