// --http-engine: which HTTP client runs poll, poll-close and longpoll. curl (the default) is
// libcurl multi, what a typical client costs; lean is pushbench's own epoll + http-parser client
// (clients/lean_poll_session.cc), the floor of a client's CPU per request, as wrk's. lean speaks
// plain HTTP/1.1 only: TLS, HTTP/2, SSE and the upstream POSTs stay on curl.
#pragma once

#include <string>
#include <string_view>

#include "transport.h"
#include "workload.h"

namespace pushbench {

enum class HttpEngine { kCurl, kLean };

std::string_view name(HttpEngine e) noexcept;
HttpEngine parse_http_engine(std::string_view text);  // throws ConfigError

// The transports an engine choice applies to: poll, poll-close and longpoll over HTTP/1.1.
constexpr bool uses_http_engine(Transport t) noexcept {
  return t == Transport::kPoll || t == Transport::kPollClose || t == Transport::kLongPoll;
}

// Why `engine` cannot run transport `t` (with TLS or not, under workload `w`), or "" when it
// can: the one-line refusal pushbench-client and `pushbench run` both give.
std::string http_engine_refusal(HttpEngine engine, Transport t, bool tls, Workload w);

}  // namespace pushbench
