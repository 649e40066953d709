// Paces the upstream messages of this process's clients (chat, game) on the fixed timeline of
// the UpstreamPlan: open loop, like the polls (a message is due at its planned time whatever
// happened to the previous one), and every message carries its planned time, so a transport
// that cannot send on time is charged for it (send lag, and latency from the planned time).
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include "client_options.h"
#include "upstream_plan.h"

namespace pushbench {

class UpstreamPacer {
 public:
  explicit UpstreamPacer(const ClientOptions& o)
      : spec_(o.workload),
        epoch_(o.epoch_mono_ns),
        plan_(o.workload, o.first_client, o.count),
        next_(plan_.next()) {}

  bool active() const noexcept { return next_.has_value(); }
  // CLOCK_MONOTONIC time of the next send; INT64_MAX when none is left.
  int64_t next_due_ns() const noexcept {
    return next_ ? epoch_ + next_->offset_ns : std::numeric_limits<int64_t>::max();
  }
  // Calls send(client, planned_ns, message) for every send due at `now`, in plan order. The
  // message is the exact JSON to send (no framing); it is reused: copy what must outlive the
  // call.
  template <class F>
  void send_due(int64_t now, F&& send) {
    while (next_ && epoch_ + next_->offset_ns <= now) {
      message_.clear();
      const PlannedSend s = *next_;
      next_ = plan_.next();
      if (encode_upstream(spec_, s, epoch_, message_)) {
        send(s.client, epoch_ + s.offset_ns, std::string_view(message_));
      }
    }
  }

 private:
  WorkloadSpec spec_;
  int64_t epoch_;
  UpstreamPlan plan_;
  std::optional<PlannedSend> next_;
  std::string message_;
};

}  // namespace pushbench
