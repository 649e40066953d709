// Parse and deliver, once for every transport that receives one event per message (sse record,
// ws message, tcp line): the bytes must be exactly one event object, else it is a protocol error.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace pushbench {

class Measurement;

// Delivers the event in `message` to `client`, read at rx_ns (CLOCK_MONOTONIC), and returns true;
// a message that is not exactly one event (malformed, bytes after the object, or a seq other
// than expected_seq when one is given) is counted in err_protocol and returns false.
bool deliver_event(Measurement& m, int client, std::string_view message, int64_t rx_ns,
                   std::optional<int64_t> expected_seq = std::nullopt) noexcept;

}  // namespace pushbench
