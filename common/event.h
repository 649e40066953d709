// The event JSON (docs/contract.md), identical bytes on every transport:
//   {"seq":N,"t_ns":T,"to":R,"pad":"..."}  exactly payload_bytes long.
// Upstream messages (chat, game) add "from":ID after "to"; a relayed chat message also carries
// "msg":M, the id the sender gave it, while seq is the server's relay order:
//   {"seq":N,"t_ns":T,"to":ROOM,"from":ID,"msg":M,"pad":"..."}
// One encoder for all transports; one parser for all clients.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pushbench {

// Smallest payload that always fits the fields (seq and to up to 10 digits, t_ns up to 19).
constexpr int kMinPayloadBytes = 80;
constexpr int kMaxPayloadBytes = 1 << 20;

struct EventFields {
  int64_t seq = 0;    // global, increasing from 0 (the server's order of publication)
  int64_t t_ns = 0;   // planned publish time, CLOCK_MONOTONIC (chat, game input: planned send)
  int64_t to = -1;    // recipient client id, -1 = every client; chat: the room
  int64_t from = -1;  // chat message or game input: the sending client; -1 = absent
  int64_t msg = -1;   // relayed chat message: the sender's message id (schedule seq); -1 = absent
};

// Appends exactly payload_bytes bytes to `out`. The pad is seeded letters and digits, a pure
// function of (seed, seq), so deflate is not flattered and a client can check the bytes.
// Returns false (appending nothing) if the fields do not fit.
bool encode_event(const EventFields& ev, int payload_bytes, uint64_t seed, std::string& out);

struct ParsedEvent {
  EventFields fields;
  size_t length = 0;      // bytes of the object, from '{' to '}' inclusive
  std::string_view text;  // those bytes (a view into the parsed buffer)
};

// Parses the event object at the start of `text`. nullopt when malformed.
std::optional<ParsedEvent> parse_event(std::string_view text) noexcept;

// Parses a poll body: a JSON array of events "[{..},{..}]". Calls on_event(ParsedEvent) for
// each. Returns false when the body is malformed (events before the fault were delivered).
template <class F>
bool for_each_event_in_array(std::string_view body, F&& on_event) {
  if (body.size() < 2 || body.front() != '[' || body.back() != ']') {
    return false;
  }
  body = body.substr(1, body.size() - 2);
  while (!body.empty()) {
    auto ev = parse_event(body);
    if (!ev) {
      return false;
    }
    on_event(*ev);
    body.remove_prefix(ev->length);
    if (!body.empty()) {
      if (body.front() != ',') {
        return false;
      }
      body.remove_prefix(1);
      if (body.empty()) {
        return false;
      }
    }
  }
  return true;
}

}  // namespace pushbench
