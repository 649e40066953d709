// Delivery accounting against the schedule.
#include "delivery.h"

#include <algorithm>

#include "config_error.h"
#include "schedule.h"

namespace pushbench {

DeliveryTracker::DeliveryTracker(const WorkloadSpec& spec, int first_client, int client_count,
                                 int64_t window_start_ns, int64_t window_end_ns)
    : workload_(spec.workload),
      room_size_(spec.room_size),
      first_client_(first_client),
      client_count_(client_count),
      window_start_ns_(window_start_ns),
      window_end_ns_(window_end_ns),
      last_seq_(static_cast<size_t>(client_count), -1) {
  if (spec.duration_ns <= 0) {
    throw ConfigError("delivery tracking needs a bounded schedule");
  }
  ScheduleGenerator gen(spec);
  while (auto ev = gen.next()) {
    offsets_.push_back(ev->offset_ns);
    recipient_.push_back(static_cast<int32_t>(ev->to));
    if (workload_ == Workload::kChat) {
      sender_.push_back(static_cast<int32_t>(ev->from));
    }
    if (ev->offset_ns < window_start_ns || ev->offset_ns >= window_end_ns) {
      continue;
    }
    if (workload_ == Workload::kChat) {
      // Every other member of the sender's room that these clients include.
      const int room_first = spec.room_first(static_cast<int>(ev->to));
      const int lo = std::max(room_first, first_client);
      const int hi = std::min(room_first + spec.room_members(static_cast<int>(ev->to)),
                              first_client + client_count);
      if (hi > lo) {
        counts_.expected += static_cast<uint64_t>(hi - lo);
        if (ev->from >= lo && ev->from < hi) {
          --counts_.expected;
        }
      }
    } else if (ev->to < 0) {
      counts_.expected += static_cast<uint64_t>(client_count);
    } else if (ev->to >= first_client && ev->to < first_client + client_count) {
      ++counts_.expected;
    }
  }
  // Broadcast and game: a bit per (client, seq). Notify: each seq has one recipient, a bit per
  // seq. Chat: a bit per (message, member of its room).
  const size_t n = offsets_.size();
  switch (workload_) {
    case Workload::kBroadcast:
    case Workload::kGame:
      received_.assign(n * static_cast<size_t>(client_count), false);
      break;
    case Workload::kChat:
      received_.assign(n * static_cast<size_t>(room_size_), false);
      break;
    default:
      received_.assign(n, false);
      break;
  }
}

bool DeliveryTracker::in_window(int64_t id) const noexcept {
  int64_t off = offsets_[static_cast<size_t>(id)];
  return off >= window_start_ns_ && off < window_end_ns_;
}

size_t DeliveryTracker::slot(int client, int64_t id) const noexcept {
  const auto i = static_cast<size_t>(id);
  switch (workload_) {
    case Workload::kBroadcast:
    case Workload::kGame:
      return static_cast<size_t>(client - first_client_) * offsets_.size() + i;
    case Workload::kChat:
      return i * static_cast<size_t>(room_size_) + static_cast<size_t>(client % room_size_);
    default:
      return i;
  }
}

bool DeliveryTracker::addressed_to(int client, int64_t id, const EventFields& ev) const noexcept {
  const int32_t planned = recipient_[static_cast<size_t>(id)];
  if (ev.to != planned) {
    return false;
  }
  if (workload_ == Workload::kChat) {
    // A message reaches the other members of its sender's room, never the sender itself.
    const int32_t sender = sender_[static_cast<size_t>(id)];
    return ev.from == sender && client != sender && client / room_size_ == planned;
  }
  return planned < 0 || planned == client;
}

DeliveryTracker::Outcome DeliveryTracker::on_receive(int client, const EventFields& ev) noexcept {
  const int64_t id = id_of(ev);
  const int64_t seq = ev.seq;  // the order the server published in
  if (client < first_client_ || client >= first_client_ + client_count_ || id < 0 ||
      id >= static_cast<int64_t>(offsets_.size()) || !addressed_to(client, id, ev)) {
    ++counts_.misdelivered;
    return Outcome::kMisdelivered;
  }
  const size_t idx = slot(client, id);
  const bool window = in_window(id);
  int64_t& last = last_seq_[static_cast<size_t>(client - first_client_)];
  if (received_[idx]) {
    if (window) {
      ++counts_.duplicated;
    }
    return window ? Outcome::kDuplicate : Outcome::kOutsideWindow;
  }
  received_[idx] = true;
  if (!window) {
    last = std::max(last, seq);
    return Outcome::kOutsideWindow;
  }
  if (seq < last) {
    ++counts_.out_of_order;
  }
  last = std::max(last, seq);
  ++counts_.delivered;
  return Outcome::kCounted;
}

DeliveryCounts DeliveryTracker::counts() const noexcept {
  DeliveryCounts c = counts_;
  c.lost = c.expected - c.delivered;
  return c;
}

}  // namespace pushbench
