// The event source: publishes the seeded schedule on the server's own loop (a timerfd there,
// precise_timer.h; lws' own timer where it cannot be adopted), encoding each event once and
// handing it to the mailboxes. Every transport is fed from here.
#pragma once

#include <cstdint>
#include <optional>

#include "feed_sink.h"
#include "latency.h"
#include "lws_handles.h"
#include "mailbox.h"
#include "precise_timer.h"
#include "schedule.h"

namespace pushbench {

struct FeedCounters {
  uint64_t events_published = 0;
  uint64_t encode_failures = 0;  // events whose fields did not fit payload_bytes
};

class Feed {
 public:
  // `sink` (may be null) also gets every event; `to_mailboxes` false leaves the mailboxes empty
  // (--feed-dir: nginx serves the events, no client reads this server's queues).
  Feed(const WorkloadSpec& spec, int64_t epoch_mono_ns, Mailboxes& mailboxes,
       FeedSink* sink = nullptr, bool to_mailboxes = true);
  Feed(const Feed&) = delete;
  Feed& operator=(const Feed&) = delete;

  // Its timerfd becomes a raw file of `protocol` on `vhost` (whose RAW_RX_FILE callback hands
  // it to on_readable); without (or if lws refuses it) the feed uses lws' own timer.
  void attach(lws_vhost* vhost, const char* protocol) noexcept {
    precise_on_ = precise_.start(vhost, protocol);
  }
  // Publishes from the loop of `ctx`, from the first event's planned time on.
  void start(lws_context* ctx) noexcept;
  void stop() noexcept {
    timer_.cancel();
    precise_.disarm();
  }
  // RAW_RX_FILE of `fd`: true when it was the feed's timer (its events are then published).
  bool on_readable(int fd) noexcept;
  // "timerfd" or "lws" (lws_sul: millisecond waits under libev), for the statistics.
  const char* timer_kind() const noexcept { return precise_on_ ? "timerfd" : "lws"; }
  const FeedCounters& counters() const noexcept { return counters_; }
  // Publish lag: actual - planned publish time, one sample per event (bounded, see .cc).
  LatencyRecorder& lag() noexcept { return lag_; }
  bool finished() const noexcept { return !next_; }

 private:
  void on_timer() noexcept;
  void schedule_next(int64_t now_ns) noexcept;
  void publish(const ScheduledEvent& ev, int64_t now_ns);

  WorkloadSpec spec_;
  int64_t epoch_;
  Mailboxes& mailboxes_;
  FeedSink* sink_;
  bool to_mailboxes_;
  ScheduleGenerator schedule_;
  std::optional<ScheduledEvent> next_;
  lws_context* ctx_ = nullptr;
  LwsTimer timer_;
  PreciseTimer precise_;
  bool precise_on_ = false;
  FeedCounters counters_;
  LatencyRecorder lag_;
};

}  // namespace pushbench
