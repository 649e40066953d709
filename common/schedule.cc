// The seeded event schedule.
#include "schedule.h"

#include <cmath>

namespace pushbench {

ScheduleGenerator::ScheduleGenerator(const WorkloadSpec& spec)
    : spec_(spec), arrivals_(spec.seed ^ 0xa5a5a5a5ULL), recipients_(spec.seed ^ 0x5a5a5a5aULL) {}

std::optional<ScheduledEvent> ScheduleGenerator::next() noexcept {
  if (spec_.workload == Workload::kIdle) {
    return std::nullopt;
  }
  const double period_ns = 1e9 / spec_.rate_hz;
  ScheduledEvent ev;
  ev.seq = seq_;
  if (spec_.arrival == Arrival::kFixed) {
    // Mid-period: with a warm-up and window that are whole periods, no event sits exactly on a
    // window edge, where its bytes and its notification could fall on different sides.
    ev.offset_ns = std::llround((static_cast<double>(seq_) + 0.5) * period_ns);
  } else {
    poisson_offset_ns_ += arrivals_.exponential(period_ns);
    ev.offset_ns = std::llround(poisson_offset_ns_);
  }
  if (spec_.duration_ns > 0 && ev.offset_ns >= spec_.duration_ns) {
    return std::nullopt;
  }
  if (spec_.workload == Workload::kNotify) {
    ev.to = static_cast<int64_t>(recipients_.below(static_cast<uint64_t>(spec_.clients)));
  } else if (spec_.workload == Workload::kChat) {
    ev.from = static_cast<int64_t>(recipients_.below(static_cast<uint64_t>(spec_.clients)));
    ev.to = spec_.room_of(static_cast<int>(ev.from));
  }
  ++seq_;
  return ev;
}

}  // namespace pushbench
