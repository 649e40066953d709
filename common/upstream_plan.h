// What the clients send up in the full-duplex workloads (docs/method.md), in time order, as a
// pure function of the WorkloadSpec like the schedule: chat messages (the schedule's entries
// whose sender is one of these clients) and game inputs (every client at every tick, each
// client at its own seeded phase inside the tick, so inputs do not arrive in one herd).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "schedule.h"
#include "workload.h"

namespace pushbench {

struct PlannedSend {
  int64_t offset_ns = 0;  // planned send time relative to the epoch
  int client = 0;
  int64_t id = 0;   // chat: the message id (schedule seq); game: the tick number
  int64_t to = -1;  // chat: the sender's room; game: -1 (the server)
};

class UpstreamPlan {
 public:
  // Sends of clients first_client .. first_client+count-1 (none for a workload without
  // upstream). spec.duration_ns bounds the plan (0 = unbounded).
  UpstreamPlan(const WorkloadSpec& spec, int first_client, int count);

  std::optional<PlannedSend> next();

 private:
  WorkloadSpec spec_;
  int first_client_;
  int count_;
  ScheduleGenerator chat_;
  std::vector<std::pair<int64_t, int>> phases_;  // game: (phase_ns, client), ascending
  size_t next_phase_ = 0;
  int64_t tick_ = 0;
};

// The phase of `client`'s inputs inside each game tick, in [0, period).
int64_t game_input_phase_ns(const WorkloadSpec& spec, int client) noexcept;

// Appends the message `send` carries, exactly spec.upstream_bytes() long ({"seq":id,"t_ns":
// planned,"to":..,"from":client,"pad":..}). False if the fields do not fit.
bool encode_upstream(const WorkloadSpec& spec, const PlannedSend& send, int64_t epoch_mono_ns,
                     std::string& out);

}  // namespace pushbench
