// Per-client pending events.
#include "mailbox.h"

#include <libwebsockets.h>

#include <algorithm>
#include <utility>

namespace pushbench {

Mailboxes::Mailboxes(int clients, int queue_cap, int first_held, int held)
    : boxes_(static_cast<size_t>(clients)),
      queue_cap_(static_cast<size_t>(queue_cap)),
      first_held_(std::clamp(first_held, 0, clients)),
      end_held_(held < 0 ? clients : std::clamp(first_held + held, first_held_, clients)) {}

void Mailboxes::push(Mailbox& box, const EventRef& ev) {
  if (box.pending.size() >= queue_cap_) {
    ++counters_.dropped;
    return;
  }
  box.pending.push_back(ev);
  ++counters_.enqueued;
  if (box.waiter != nullptr) {
    lws_callback_on_writable(box.waiter);
  }
}

void Mailboxes::deliver(int64_t to, const EventRef& ev) {
  if (to >= 0) {
    if (to >= first_held_ && to < end_held_) {
      push(at(static_cast<int>(to)), ev);
    }
    return;
  }
  for (int c = first_held_; c < end_held_; ++c) {
    push(at(c), ev);
  }
}

void Mailboxes::deliver_room(int first, int count, int except, const EventRef& ev) {
  for (int c = std::max(first, first_held_); c < first + count && c < end_held_; ++c) {
    if (c != except) {
      push(at(c), ev);
    }
  }
}

void Mailboxes::acknowledge(Mailbox& box, int64_t after) noexcept {
  while (!box.pending.empty() && box.pending.front()->seq <= after) {
    box.pending.pop_front();
  }
}

void Mailboxes::remember_written(Mailbox& box, EventRef ev) {
  box.replay.push_back(std::move(ev));
  if (box.replay.size() > kReplayEvents) {
    box.replay.pop_front();
  }
}

void Mailboxes::replay_after(Mailbox& box, int64_t last_id) {
  for (auto it = box.replay.rbegin(); it != box.replay.rend(); ++it) {
    if ((*it)->seq > last_id && (box.pending.empty() || (*it)->seq < box.pending.front()->seq)) {
      box.pending.push_front(*it);
    }
  }
  box.replay.clear();
}

}  // namespace pushbench
