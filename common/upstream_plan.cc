// What the clients send up, in time order.
#include "upstream_plan.h"

#include <algorithm>
#include <cmath>

#include "event.h"
#include "rng.h"

namespace pushbench {

int64_t game_input_phase_ns(const WorkloadSpec& spec, int client) noexcept {
  const auto period = static_cast<uint64_t>(std::llround(1e9 / spec.rate_hz));
  Rng rng(splitmix64(spec.seed ^ 0x6a09e667f3bcc909ULL ^ (static_cast<uint64_t>(client) << 24)));
  return static_cast<int64_t>(rng.below(std::max<uint64_t>(period, 1)));
}

UpstreamPlan::UpstreamPlan(const WorkloadSpec& spec, int first_client, int count)
    : spec_(spec), first_client_(first_client), count_(count), chat_(spec) {
  if (spec.workload == Workload::kGame) {
    phases_.reserve(static_cast<size_t>(count));
    for (int c = first_client; c < first_client + count; ++c) {
      phases_.emplace_back(game_input_phase_ns(spec, c), c);
    }
    std::sort(phases_.begin(), phases_.end());
  }
}

std::optional<PlannedSend> UpstreamPlan::next() {
  if (spec_.workload == Workload::kChat) {
    while (auto ev = chat_.next()) {
      if (ev->from >= first_client_ && ev->from < first_client_ + count_) {
        return PlannedSend{ev->offset_ns, static_cast<int>(ev->from), ev->seq, ev->to};
      }
    }
    return std::nullopt;
  }
  if (spec_.workload != Workload::kGame || phases_.empty()) {
    return std::nullopt;
  }
  if (next_phase_ == phases_.size()) {
    next_phase_ = 0;
    ++tick_;
  }
  const auto& [phase, client] = phases_[next_phase_];
  // Tick k's inputs are sent in [k, k+1) periods: the same instants on every transport.
  const int64_t offset = std::llround(static_cast<double>(tick_) * 1e9 / spec_.rate_hz) + phase;
  if (spec_.duration_ns > 0 && offset >= spec_.duration_ns) {
    return std::nullopt;
  }
  ++next_phase_;
  return PlannedSend{offset, client, tick_, -1};
}

bool encode_upstream(const WorkloadSpec& spec, const PlannedSend& send, int64_t epoch_mono_ns,
                     std::string& out) {
  EventFields f;
  f.seq = send.id;
  f.t_ns = epoch_mono_ns + send.offset_ns;
  f.to = send.to;
  f.from = send.client;
  return encode_event(f, spec.upstream_bytes(), spec.seed, out);
}

}  // namespace pushbench
