// Which client connects next, for every transport: the first connects paced (a spacing between
// them) and capped (a most in flight at once), so thousands of clients do not overflow the
// server's accept backlog, then reconnects after a failure or a dropped connection, each after
// kRetryDelayNs. Retries that are due go before first connects still waiting. Pure bookkeeping,
// no socket: the session connects the index it is handed.
#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>
#include <limits>

#include "clock.h"

namespace pushbench {

// A failed connect, a dropped connection or a failed long poll is retried after this pause: the
// server keeps the client's events queued meanwhile (or resumes from its acknowledgement), so
// nothing is lost by waiting, and a dead server is not hammered in a tight loop.
constexpr int64_t kRetryDelayNs = 100 * kNsPerMs;

struct AdmissionLimits {
  static constexpr int kUnlimited = std::numeric_limits<int>::max();
  int64_t spacing_ns = 0;          // between two first connects (0: all at once)
  int max_in_flight = kUnlimited;  // connects admitted and not yet settled
};

class Admission {
 public:
  static constexpr int64_t kNever = std::numeric_limits<int64_t>::max();

  // Clients 0..count-1, the first one due at start_ns.
  Admission(int count, int64_t start_ns, AdmissionLimits limits) noexcept
      : count_(count), start_ns_(start_ns), limits_(limits) {}

  // Calls connect(index) for every connect admitted at `now`: due retries first, then first
  // connects whose paced time has come, while a slot is free. Each admitted connect holds a slot
  // until settled() (when max_in_flight is unlimited, no slot is counted).
  template <class F>
  void admit(int64_t now, F&& connect) {
    while (in_flight_ < limits_.max_in_flight) {
      int index = -1;
      if (!retries_.empty() && retries_.front().due_ns <= now) {
        index = retries_.front().index;
        retries_.pop_front();
      } else if (next_first_ < count_ && first_due_ns(next_first_) <= now) {
        index = next_first_++;
      } else {
        break;
      }
      if (limits_.max_in_flight != AdmissionLimits::kUnlimited) {
        ++in_flight_;
      }
      connect(index);
    }
  }

  // A connect admitted earlier finished, opened or failed: its slot is free.
  void settled() noexcept {
    if (in_flight_ > 0) {
      --in_flight_;
    }
  }

  // Client `index` connects again kRetryDelayNs after `now`.
  void retry_later(int index, int64_t now) { retries_.push_back({index, now + kRetryDelayNs}); }

  // When admit() next has something to do: kNever when nothing waits, or while every slot is
  // taken (a settled() frees one: admit again then).
  int64_t next_due_ns() const noexcept {
    if (in_flight_ >= limits_.max_in_flight) {
      return kNever;
    }
    int64_t next = kNever;
    if (!retries_.empty()) {
      next = retries_.front().due_ns;
    }
    if (next_first_ < count_) {
      next = std::min(next, first_due_ns(next_first_));
    }
    return next;
  }

  int in_flight() const noexcept { return in_flight_; }

 private:
  struct Retry {
    int index;
    int64_t due_ns;  // CLOCK_MONOTONIC
  };

  int64_t first_due_ns(int index) const noexcept { return start_ns_ + index * limits_.spacing_ns; }

  int count_;
  int64_t start_ns_;
  AdmissionLimits limits_;
  int next_first_ = 0;
  int in_flight_ = 0;
  std::deque<Retry> retries_;  // due times increase: every retry waits the same delay
};

}  // namespace pushbench
