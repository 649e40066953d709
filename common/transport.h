// Transport names (docs/contract.md): fixed strings used in options, CSV rows and endpoints.
#pragma once

#include <string_view>
#include <vector>

namespace pushbench {

enum class Transport { kPoll, kPollClose, kLongPoll, kSse, kWebSocket, kWsDeflate, kTcp };

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
  }
  return "?";
}

// Short polling: the client asks on a fixed timeline, the server answers at once.
constexpr bool is_polling(Transport t) noexcept {
  return t == Transport::kPoll || t == Transport::kPollClose;
}

// Short polling or long polling: the client asks, request after request (libcurl multi).
constexpr bool is_request_response(Transport t) noexcept {
  return is_polling(t) || t == Transport::kLongPoll;
}

constexpr bool is_websocket(Transport t) noexcept {
  return t == Transport::kWebSocket || t == Transport::kWsDeflate;
}

// HTTP: requests and responses (or one response stream) over libcurl; the chat and game
// workloads send their messages up as POST /send on a second connection per client.
constexpr bool is_http(Transport t) noexcept {
  return is_request_response(t) || t == Transport::kSse;
}

// Connections one client may hold at once: its downstream one, plus, for HTTP transports in a
// workload with upstream messages, the one its POST /send requests go on.
constexpr int connections_per_client(Transport t, bool upstream) noexcept {
  return upstream && is_http(t) ? 2 : 1;
}

inline constexpr Transport kAllTransports[] = {
    Transport::kPoll,      Transport::kPollClose, Transport::kLongPoll, Transport::kSse,
    Transport::kWebSocket, Transport::kWsDeflate, Transport::kTcp};

// Throws ConfigError naming the known transports.
Transport parse_transport(std::string_view text);
// "poll,ws" or "all"; rejects empty items and repeats.
std::vector<Transport> parse_transport_list(std::string_view text);

}  // namespace pushbench
