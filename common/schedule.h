// The seeded event schedule (docs/method.md): a pure function of the WorkloadSpec. The server
// publishes from it; every client recomputes it to know exactly what it should receive. For
// chat it is the list of messages the clients send (seq = the message id), each relayed by the
// server to the other members of the sender's room; for game it is the state broadcast, one
// event per tick (the inputs are per client: upstream_plan.h).
#pragma once

#include <cstdint>
#include <optional>

#include "rng.h"
#include "workload.h"

namespace pushbench {

struct ScheduledEvent {
  int64_t seq = 0;
  int64_t offset_ns =
      0;              // planned publish time relative to the run's epoch (fixed: (seq+0.5)/rate)
  int64_t to = -1;    // recipient client id, -1 = every client; chat: the sender's room
  int64_t from = -1;  // chat: the client that sends this message; -1 otherwise
};

class ScheduleGenerator {
 public:
  explicit ScheduleGenerator(const WorkloadSpec& spec);
  // The next event, or nullopt once past spec.duration_ns (never, when it is 0).
  std::optional<ScheduledEvent> next() noexcept;

 private:
  WorkloadSpec spec_;
  Rng arrivals_;
  Rng recipients_;
  int64_t seq_ = 0;
  double poisson_offset_ns_ = 0;
};

}  // namespace pushbench
