// Transport names (DESIGN.md §2): fixed strings used in options, CSV rows and endpoints.
#pragma once

#include <string_view>
#include <vector>

namespace pushbench {

enum class Transport { kPoll, kPollClose, kLongPoll, kSse, kWebSocket, kWsDeflate, kTcp };

constexpr std::string_view name(Transport t) noexcept {
  switch (t) {
    case Transport::kPoll: return "poll";
    case Transport::kPollClose: return "poll-close";
    case Transport::kLongPoll: return "longpoll";
    case Transport::kSse: return "sse";
    case Transport::kWebSocket: return "ws";
    case Transport::kWsDeflate: return "ws-deflate";
    case Transport::kTcp: return "tcp";
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

inline constexpr Transport kAllTransports[] = {
    Transport::kPoll,      Transport::kPollClose, Transport::kLongPoll, Transport::kSse,
    Transport::kWebSocket, Transport::kWsDeflate, Transport::kTcp};

// Throws ConfigError naming the known transports.
Transport parse_transport(std::string_view text);
// "poll,ws" or "all"; rejects empty items and repeats.
std::vector<Transport> parse_transport_list(std::string_view text);

}  // namespace pushbench
