// HTTP/2 stream limits shared by pushbench-server (what it advertises) and pushbench-client
// (what it stays below), and by `run --h2-clients-per-conn`; and what h2c cannot carry here.
#pragma once

#include <fmt/format.h>

#include <string>

#include "transport.h"
#include "workload.h"

namespace pushbench {

// SETTINGS_MAX_CONCURRENT_STREAMS the server advertises. lws 4.1.6 answers a stream beyond it
// with a connection-wide GOAWAY (not a stream reset), and counts the long-lived ("immortal")
// streams of a connection in a uint8_t that must stay below 255: with
// LWS_SERVER_OPTION_VH_H2_HALF_CLOSED_LONG_POLL every open stream is one, and a connection holds
// at most this many open streams, so the counter cannot wrap.
inline constexpr int kH2MaxConcurrentStreams = 250;
// The client's CURLMOPT_MAX_CONCURRENT_STREAMS: below the server's, so a stream curl opens
// before it has read the server's SETTINGS cannot be the one too many; more requests wait in
// curl for a stream to end.
inline constexpr int kH2ClientMaxStreams = 240;
// --h2-clients-per-conn's largest value: each client holds at most one downstream stream (a
// poll, a long poll or its SSE stream) and one POST /send at once, and its downstream stream
// must never wait behind the others' POSTs for long.
inline constexpr int kMaxH2ClientsPerConn = 200;

// h2c (HTTP/2 without TLS) carries no workload with upstream messages: with libcurl 7.88 a POST
// added to an h2c connection that is already carrying a stream never goes out (seen with
// CURLOPT_VERBOSE: the connection is reused, no request is written, the transfer times out);
// over TLS the same requests work. The refusal both pushbench and pushbench-client give.
inline std::string h2c_upstream_refusal(Transport t, Workload w) {
  return fmt::format(
      "{} without --tls (h2c) cannot carry the {} workload's POST /send with libcurl 7.88 "
      "(docs/method.md, HTTP/2); run it with --tls",
      name(t), name(w));
}

}  // namespace pushbench
