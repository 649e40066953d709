// The body of a 200 answer to /poll and /longpoll.
#include "poll_body.h"

namespace pushbench {

size_t poll_body_length(const std::deque<EventRef>& pending) noexcept {
  // '[' + ']' + a ',' between two events; "[]" for none (the server answers 204 instead).
  size_t body_len = 2 + (pending.empty() ? 0 : pending.size() - 1);
  for (const EventRef& ev : pending) {
    body_len += ev->json.size();
  }
  return body_len;
}

void append_poll_body(const std::deque<EventRef>& pending, std::string& out) {
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
