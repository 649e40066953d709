// --churn PCT: PCT % of a process's clients drop their connection and reconnect every second,
// as pages reload and phones change networks (the soak scenario's reconnecting clients). The
// clients that churn are drawn by the seeded RNG on a fixed timeline (one every
// 1 s / (count × PCT / 100)), so two runs with one seed churn the same clients at the same times.
// Only transports that resume by contract churn without loss: sse (Last-Event-ID) and longpoll
// (after=SEQ); parse_client_options refuses the others.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>

#include "rng.h"

namespace pushbench {

class Churn {
 public:
  // pct_per_s = 0: never due.
  Churn(int clients, double pct_per_s, uint64_t seed, int64_t start_ns) noexcept
      : clients_(clients),
        spacing_ns_(
            pct_per_s > 0 && clients > 0
                ? std::max<int64_t>(1000, static_cast<int64_t>(1e9 / (clients * pct_per_s / 100.0)))
                : 0),
        next_ns_(spacing_ns_ > 0 ? start_ns + spacing_ns_ : kNever),
        rng_(splitmix64(seed ^ 0x636875726e000000ULL)) {}

  int64_t next_due_ns() const noexcept { return next_ns_; }

  // Calls on_churn(index) for every churn due by `now`, index in 0..clients-1.
  template <class F>
  void due(int64_t now, F&& on_churn) {
    while (next_ns_ <= now) {
      next_ns_ += spacing_ns_;
      on_churn(static_cast<int>(rng_.below(static_cast<uint64_t>(clients_))));
    }
  }

 private:
  static constexpr int64_t kNever = std::numeric_limits<int64_t>::max();
  int clients_;
  int64_t spacing_ns_;
  int64_t next_ns_;
  Rng rng_;
};

}  // namespace pushbench
