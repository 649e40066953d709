// Delivery accounting against the schedule: which notifications a group of clients should get
// in the window, and which arrived, twice, out of order, or for someone else.
// Invariant: delivered + lost == expected.
#pragma once

#include <cstdint>
#include <vector>

#include "event.h"
#include "workload.h"

namespace pushbench {

struct DeliveryCounts {
  uint64_t expected = 0;      // in-window notifications the schedule addresses to these clients
  uint64_t delivered = 0;     // distinct expected notifications received (any time before exit)
  uint64_t lost = 0;          // expected - delivered
  uint64_t duplicated = 0;    // receipts of an in-window notification already received
  uint64_t out_of_order = 0;  // in-window receipts with a seq below one the client already had
  uint64_t misdelivered = 0;  // events for another client, or with a seq not in the schedule
};

class DeliveryTracker {
 public:
  // Clients first_client .. first_client+client_count-1; the window is [window_start_ns,
  // window_end_ns) in schedule offsets (relative to the epoch). spec.duration_ns bounds the
  // schedule and must be > 0.
  DeliveryTracker(const WorkloadSpec& spec, int first_client, int client_count,
                  int64_t window_start_ns, int64_t window_end_ns);

  enum class Outcome { kCounted, kOutsideWindow, kDuplicate, kMisdelivered };
  // One event received by `client`. Chat: the notification is the message ev.msg from ev.from,
  // and the order is the server's relay order ev.seq; otherwise both are ev.seq.
  Outcome on_receive(int client, const EventFields& ev) noexcept;
  Outcome on_receive(int client, int64_t seq, int64_t to) noexcept {
    return on_receive(client, EventFields{.seq = seq, .to = to});
  }

  // Planned publish offset of a schedule entry (for tests); requires a valid id.
  int64_t offset_of(int64_t id) const { return offsets_[static_cast<size_t>(id)]; }
  // The schedule entry an event stands for (chat: its msg; otherwise its seq).
  int64_t id_of(const EventFields& ev) const noexcept {
    return workload_ == Workload::kChat ? ev.msg : ev.seq;
  }
  size_t schedule_size() const noexcept { return offsets_.size(); }
  DeliveryCounts counts() const noexcept;

 private:
  bool in_window(int64_t id) const noexcept;
  size_t slot(int client, int64_t id) const noexcept;
  bool addressed_to(int client, int64_t id, const EventFields& ev) const noexcept;

  Workload workload_;
  int room_size_;
  int first_client_;
  int client_count_;
  int64_t window_start_ns_;
  int64_t window_end_ns_;
  std::vector<int64_t> offsets_;    // by seq
  std::vector<int32_t> recipient_;  // by id, -1 = everyone; chat: the room
  std::vector<int32_t> sender_;     // chat: by id
  std::vector<bool> received_;      // by slot(client, seq)
  std::vector<int64_t> last_seq_;   // by client - first_client: highest seq (order) seen
  DeliveryCounts counts_;
};

}  // namespace pushbench
