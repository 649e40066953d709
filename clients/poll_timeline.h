// When each poll, poll-close or longpoll client sends its next request, whatever HTTP engine
// sends it (curl: http_poll_session.cc, lean: lean_poll_session.cc). The first requests go out
// paced (the page loads that open the connections, spaced so thousands of connects do not
// overflow the server's accept queue). A short poller then keeps its own seeded phase on a fixed
// timeline, so polls do not arrive in herds; a poll that comes due while the previous one is
// still open goes out as soon as that one completes (counted in late_polls). A long poller asks
// again as soon as it is answered, and after kRetryDelayNs when its request failed. Pure
// bookkeeping: the session sends the request of the index it is handed.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <queue>
#include <utility>
#include <vector>

#include "admission.h"
#include "client_options.h"
#include "measurement.h"
#include "rng.h"

namespace pushbench {

class PollTimeline {
 public:
  // Clients 0..options.count-1 of `options` (ids from options.first_client), from start_ns on.
  PollTimeline(const ClientOptions& options, int64_t start_ns)
      : long_poll_(http1_of(options.transport) == Transport::kLongPoll),
        interval_ns_(options.poll_interval_ns),
        admission_(options.count, start_ns, AdmissionLimits{.spacing_ns = kConnectSpacingNs}),
        clients_(static_cast<size_t>(options.count)) {
    for (int i = 0; i < options.count; ++i) {
      const uint64_t id = static_cast<uint64_t>(options.first_client + i);
      Rng phase(splitmix64(options.workload.seed ^ (id << 20)));
      clients_[static_cast<size_t>(i)].due_ns =
          start_ns - interval_ns_ +
          static_cast<int64_t>(phase.below(static_cast<uint64_t>(interval_ns_)));
    }
  }

  bool long_poll() const noexcept { return long_poll_; }
  // Client `index` has a request out (sent by start(), not yet finished()).
  bool in_flight(int index) const noexcept { return at(index).in_flight; }

  // Calls start(index) for every request due at `now`: first requests admitted, long polls'
  // retries, short polls whose turn came (or marks them overdue while one is open).
  template <class F>
  void start_due(int64_t now, F&& start) {
    admission_.admit(now, [&](int index) { poll_due(index, start); });
    while (!due_.empty() && due_.top().first <= now) {
      const int index = due_.top().second;
      due_.pop();
      poll_due(index, start);
    }
  }

  // Client `index`'s request ended and none follows it (the session is stopping).
  void abandoned(int index) noexcept { at(index).in_flight = false; }

  // When start_due() has something to do next; Admission::kNever: nothing planned.
  int64_t next_due_ns() const noexcept {
    return due_.empty() ? admission_.next_due_ns()
                        : std::min(admission_.next_due_ns(), due_.top().first);
  }

  // Client `index`'s request finished at `now`, answered (`answered`: a response, whatever its
  // status) or failed. Calls start(index) when its next request goes out at once.
  template <class F>
  void finished(int index, bool answered, int64_t now, ClientCounters& counters, F&& start) {
    Client& c = at(index);
    c.in_flight = false;
    if (long_poll_ && !answered) {
      // Failed (refused, reset): retried after a pause like SSE and tcp, not in a tight loop.
      admission_.retry_later(index, now);
    } else if (long_poll_) {
      launch(index, start);  // the long poller asks again at once
    } else if (c.overdue) {
      c.overdue = false;
      ++counters.late_polls;
      schedule_next(index);
      launch(index, start);
    }
  }

 private:
  static constexpr int64_t kConnectSpacingNs = 100'000;  // first requests: 10 per ms
  using Due = std::pair<int64_t, int>;                   // (due_ns, client index), min-heap

  struct Client {
    int64_t due_ns = 0;  // short polls: next poll on the fixed timeline
    bool in_flight = false;
    bool overdue = false;  // its due time came while the previous poll was still open
  };

  Client& at(int index) noexcept { return clients_[static_cast<size_t>(index)]; }
  const Client& at(int index) const noexcept { return clients_[static_cast<size_t>(index)]; }

  // Client `index`'s request is due: its first, a long poll's retry, or a short poll's turn.
  template <class F>
  void poll_due(int index, F& start) {
    Client& c = at(index);
    if (c.in_flight) {
      c.overdue = true;  // issued as soon as the open poll completes
      return;
    }
    if (!long_poll_) {
      schedule_next(index);
    }
    launch(index, start);
  }

  void schedule_next(int index) {
    Client& c = at(index);
    c.due_ns += interval_ns_;
    due_.emplace(c.due_ns, index);
  }

  template <class F>
  void launch(int index, F& start) {
    at(index).in_flight = true;
    start(index);
  }

  const bool long_poll_;
  const int64_t interval_ns_;
  Admission admission_;
  std::priority_queue<Due, std::vector<Due>, std::greater<>> due_;  // short polls' timeline
  std::vector<Client> clients_;
};

}  // namespace pushbench
