// The body of a 200 answer to /poll and /longpoll: the JSON array of the pending events, oldest
// first, "[ev,ev,...]", each event's bytes as encoded once by the feed (docs/contract.md).
// Kept apart from the lws write (http_poll.cc) so the bytes can be checked and timed alone.
#pragma once

#include <cstddef>
#include <string>

#include "event_queue.h"

namespace pushbench {

// Inline, as they were inside respond_with_pending: a call per response cost ~2 ns more for
// a one-event body (bench/micro BM_PollResponse_Assemble/1).

// Bytes of the array: '[' + ']' + a ',' between two events; "[]" for none (the server answers
// 204 instead).
inline size_t poll_body_length(const EventQueue& pending) noexcept {
  size_t body_len = 2 + (pending.empty() ? 0 : pending.size() - 1);
  for (const EventRef& ev : pending) {
    body_len += ev->json.size();
  }
  return body_len;
}

// Appends the array to `out` (after the header block already in it).
inline void append_poll_body(const EventQueue& pending, std::string& out) {
  out.push_back('[');
  for (const EventRef& ev : pending) {
    if (out.back() != '[') {
      out.push_back(',');
    }
    out.append(ev->json);
  }
  out.push_back(']');
}

}  // namespace pushbench
