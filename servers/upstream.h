// Messages clients send up (chat, game; docs/contract.md, docs/method.md), whatever carried
// them: a WebSocket frame, a raw TCP line or a POST /send body all end here. Each is checked,
// timed (upstream latency = receipt - the sender's planned send time, CLOCK_MONOTONIC) and, for
// chat, relayed to the other members of the sender's room as a new event whose seq is the
// server's relay order.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "event.h"
#include "latency.h"
#include "line_buffer.h"
#include "mailbox.h"
#include "server_options.h"
#include "ws_message.h"

namespace pushbench {

struct UpstreamCounters {
  uint64_t received = 0;        // valid messages, whole run
  uint64_t in_window = 0;       // of which planned inside the window (--warmup, --duration)
  uint64_t rejected = 0;        // malformed, wrong size, wrong sender or room
  uint64_t duplicates = 0;      // a message id not above the sender's previous one: dropped
  uint64_t relayed = 0;         // chat: messages relayed to their room
  uint64_t relay_failures = 0;  // chat: relayed event did not fit payload_bytes
};

class Upstream {
 public:
  Upstream(const ServerOptions& options, Mailboxes& mailboxes);

  // One complete message from `client` (the id its connection or request was accepted for),
  // received at now_ns. Returns "" when accepted, else the one-line reason (the 400 of POST).
  std::string on_message(int client, std::string_view json, int64_t now_ns);

  // Per-client reassembly of the stream transports: a WebSocket message arriving in pieces,
  // raw TCP lines. One per client, for every transport alike; neither keeps more than a few
  // KiB of buffer between messages.
  WsMessage& ws_message(int client) { return frames_[static_cast<size_t>(client)]; }
  LineBuffer& lines(int client) { return lines_[static_cast<size_t>(client)]; }

  const UpstreamCounters& counters() const noexcept { return counters_; }
  LatencyRecorder& latency() noexcept { return latency_; }  // in-window messages only

 private:
  std::string check(int client, std::string_view json, const EventFields& f) const;

  WorkloadSpec spec_;
  const ServerOptions& options_;  // the window (outlives this: ServerState owns both)
  Mailboxes& mailboxes_;
  std::vector<int64_t> last_id_;  // by sender
  std::vector<WsMessage> frames_;
  std::vector<LineBuffer> lines_;
  int64_t relay_seq_ = 0;
  std::string relay_json_;
  UpstreamCounters counters_;
  LatencyRecorder latency_;
};

}  // namespace pushbench
