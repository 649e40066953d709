// Delivery accounting against the schedule.
#include "delivery.h"

#include <algorithm>

#include "config_error.h"
#include "schedule.h"

namespace pushbench {

DeliveryTracker::DeliveryTracker(const WorkloadSpec& spec, int first_client, int client_count,
                                 int64_t window_start_ns, int64_t window_end_ns)
    : workload_(spec.workload),
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
    if (ev->offset_ns < window_start_ns || ev->offset_ns >= window_end_ns) {
      continue;
    }
    if (ev->to < 0) {
      counts_.expected += static_cast<uint64_t>(client_count);
    } else if (ev->to >= first_client && ev->to < first_client + client_count) {
      ++counts_.expected;
    }
  }
  // Broadcast: a bit per (client, seq). Notify: each seq has one recipient, a bit per seq.
  const size_t per_client = workload_ == Workload::kBroadcast ? offsets_.size() : 0;
  received_.assign(workload_ == Workload::kBroadcast ? per_client * static_cast<size_t>(client_count)
                                                     : offsets_.size(),
                   false);
}

bool DeliveryTracker::in_window(int64_t seq) const noexcept {
  int64_t off = offsets_[static_cast<size_t>(seq)];
  return off >= window_start_ns_ && off < window_end_ns_;
}

size_t DeliveryTracker::slot(int client, int64_t seq) const noexcept {
  if (workload_ == Workload::kBroadcast) {
    return static_cast<size_t>(client - first_client_) * offsets_.size() + static_cast<size_t>(seq);
  }
  return static_cast<size_t>(seq);
}

DeliveryTracker::Outcome DeliveryTracker::on_receive(int client, int64_t seq, int64_t to) noexcept {
  if (client < first_client_ || client >= first_client_ + client_count_ || seq < 0 ||
      seq >= static_cast<int64_t>(offsets_.size())) {
    ++counts_.misdelivered;
    return Outcome::kMisdelivered;
  }
  const int32_t planned = recipient_[static_cast<size_t>(seq)];
  if (to != planned || (planned >= 0 && planned != client)) {
    ++counts_.misdelivered;
    return Outcome::kMisdelivered;
  }
  const size_t idx = slot(client, seq);
  const bool window = in_window(seq);
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
