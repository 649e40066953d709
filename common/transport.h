// Transport names (DESIGN.md §2): fixed strings used in options, CSV rows and endpoints.
#pragma once

#include <string_view>
#include <vector>

namespace pushbench {

enum class Transport { kPoll, kPollClose, kWebSocket };

constexpr std::string_view name(Transport t) noexcept {
  switch (t) {
    case Transport::kPoll: return "poll";
    case Transport::kPollClose: return "poll-close";
    case Transport::kWebSocket: return "ws";
  }
  return "?";
}

// Short polling: the client asks on a fixed timeline, the server answers at once.
constexpr bool is_polling(Transport t) noexcept {
  return t == Transport::kPoll || t == Transport::kPollClose;
}

inline constexpr Transport kAllTransports[] = {Transport::kPoll, Transport::kPollClose,
                                               Transport::kWebSocket};

// Throws ConfigError naming the known transports.
Transport parse_transport(std::string_view text);
// "poll,ws" or "all"; rejects empty items and repeats.
std::vector<Transport> parse_transport_list(std::string_view text);

}  // namespace pushbench
