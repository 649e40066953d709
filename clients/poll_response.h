// What one answered poll, poll-close or longpoll request tells the measurement, whatever HTTP
// engine fetched it (curl or lean): 204 is an empty response (short poll: nothing new; long
// poll: the hang timeout passed), 200 carries a JSON array of events, each delivered at rx_ns
// and acknowledged by the client's cursor from then on, and any other status is unexpected.
#pragma once

#include <cstdint>
#include <string_view>

namespace pushbench {

class Measurement;

// `after`: the client's cursor (highest seq received), moved past the events of `body`.
void record_poll_response(Measurement& m, int client, long status, std::string_view body,
                          int64_t rx_ns, int64_t& after) noexcept;

}  // namespace pushbench
