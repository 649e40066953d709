// The body of a 200 answer to /poll and /longpoll: the JSON array of the pending events, oldest
// first, "[ev,ev,...]", each event's bytes as encoded once by the feed (docs/contract.md).
// Kept apart from the lws write (http_poll.cc) so the bytes can be checked and timed alone.
#pragma once

#include <cstddef>
#include <deque>
#include <string>

#include "mailbox.h"

namespace pushbench {

// Bytes of the array: '[' + the events + a ',' between two + ']'.
size_t poll_body_length(const std::deque<EventRef>& pending) noexcept;
// Appends the array to `out` (after the header block already in it).
void append_poll_body(const std::deque<EventRef>& pending, std::string& out);

}  // namespace pushbench
