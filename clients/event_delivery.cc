// One event per message, parsed and handed to the measurement.
#include "event_delivery.h"

#include <optional>

#include "event.h"
#include "measurement.h"

namespace pushbench {

bool deliver_event(Measurement& m, int client, std::string_view message, int64_t rx_ns,
                   std::optional<int64_t> expected_seq) noexcept {
  const std::optional<ParsedEvent> ev = parse_event(message);
  if (!ev || ev->length != message.size() || (expected_seq && ev->fields.seq != *expected_seq)) {
    ++m.counters().err_protocol;
    return false;
  }
  m.on_event(client, *ev, rx_ns);
  return true;
}

}  // namespace pushbench
