// One answered poll, recorded.
#include "poll_response.h"

#include <algorithm>

#include "event.h"
#include "measurement.h"

namespace pushbench {

void record_poll_response(Measurement& m, int client, long status, std::string_view body,
                          int64_t rx_ns, int64_t& after) noexcept {
  if (status == 204) {
    m.on_request(true);
  } else if (status == 200) {
    m.on_request(false);
    const bool ok = for_each_event_in_array(body, [&](const ParsedEvent& ev) {
      m.on_event(client, ev, rx_ns);
      after = std::max(after, ev.fields.seq);
    });
    if (!ok) {
      ++m.counters().err_protocol;
    }
  } else {
    ++m.counters().err_status;
  }
}

}  // namespace pushbench
