// Transport names (docs/contract.md): fixed strings used in options, CSV rows and endpoints.
#pragma once

#include <string_view>
#include <vector>

namespace pushbench {

enum class Transport {
  kPoll,
  kPollClose,
  kLongPoll,
  kSse,
  kWebSocket,
  kWsDeflate,
  kTcp,
  // HTTP/2 (ALPN h2 over TLS, or h2c with prior knowledge): poll, longpoll and sse as streams
  // on one multiplexed connection per client.
  kPollH2,
  kLongPollH2,
  kSseH2
};

constexpr std::string_view name(Transport t) noexcept {
  switch (t) {
    case Transport::kPoll:
      return "poll";
    case Transport::kPollClose:
      return "poll-close";
    case Transport::kLongPoll:
      return "longpoll";
    case Transport::kSse:
      return "sse";
    case Transport::kWebSocket:
      return "ws";
    case Transport::kWsDeflate:
      return "ws-deflate";
    case Transport::kTcp:
      return "tcp";
    case Transport::kPollH2:
      return "poll-h2";
    case Transport::kLongPollH2:
      return "longpoll-h2";
    case Transport::kSseH2:
      return "sse-h2";
  }
  return "?";
}

// The HTTP/2 transports: their requests are streams on one connection per client.
constexpr bool is_h2(Transport t) noexcept {
  return t == Transport::kPollH2 || t == Transport::kLongPollH2 || t == Transport::kSseH2;
}

// What an HTTP/2 transport does, as its HTTP/1.1 counterpart (poll-h2 -> poll); others as is.
constexpr Transport http1_of(Transport t) noexcept {
  switch (t) {
    case Transport::kPollH2:
      return Transport::kPoll;
    case Transport::kLongPollH2:
      return Transport::kLongPoll;
    case Transport::kSseH2:
      return Transport::kSse;
    default:
      return t;
  }
}

// Short polling: the client asks on a fixed timeline, the server answers at once.
constexpr bool is_polling(Transport t) noexcept {
  return http1_of(t) == Transport::kPoll || t == Transport::kPollClose;
}

// Short polling or long polling: the client asks, request after request (libcurl multi).
constexpr bool is_request_response(Transport t) noexcept {
  return is_polling(t) || http1_of(t) == Transport::kLongPoll;
}

constexpr bool is_websocket(Transport t) noexcept {
  return t == Transport::kWebSocket || t == Transport::kWsDeflate;
}

// HTTP: requests and responses (or one response stream) over libcurl; the chat and game
// workloads send their messages up as POST /send on a second connection per client (HTTP/1.1)
// or as streams on the client's one connection (HTTP/2).
constexpr bool is_http(Transport t) noexcept {
  return is_request_response(t) || http1_of(t) == Transport::kSse;
}

// Connections one client may hold at once: its downstream one, plus, for HTTP/1.1 transports in
// a workload with upstream messages, the one its POST /send requests go on.
constexpr int connections_per_client(Transport t, bool upstream) noexcept {
  return upstream && is_http(t) && !is_h2(t) ? 2 : 1;
}

// `all`: the seven HTTP/1.1, WebSocket and raw TCP transports (the HTTP/2 ones are asked for by
// name: over TLS with --tls, else h2c).
inline constexpr Transport kAllTransports[] = {
    Transport::kPoll,      Transport::kPollClose, Transport::kLongPoll, Transport::kSse,
    Transport::kWebSocket, Transport::kWsDeflate, Transport::kTcp};
// Every name parse_transport knows.
inline constexpr Transport kKnownTransports[] = {
    Transport::kPoll,       Transport::kPollClose, Transport::kLongPoll, Transport::kSse,
    Transport::kWebSocket,  Transport::kWsDeflate, Transport::kTcp,      Transport::kPollH2,
    Transport::kLongPollH2, Transport::kSseH2};

// Throws ConfigError naming the known transports.
Transport parse_transport(std::string_view text);
// "poll,ws" or "all" (kAllTransports); rejects empty items and repeats.
std::vector<Transport> parse_transport_list(std::string_view text);

}  // namespace pushbench
