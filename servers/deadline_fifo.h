// A FIFO of deadlines that all have the same length (a long poll's hang timeout, a keep-alive
// connection's idle bound), so it stays in deadline order: O(1) to add and to expire, where lws'
// own timeouts cost a sorted insert, O(connections), each (docs/method.md).
//
// An entry whose connection moved on (the poll was answered, a request arrived) is not looked
// for; it stays until its deadline and is skipped then. Left at that, the FIFO would hold rate x
// timeout entries (300,000 long-poll holds, 9.6 MiB of server RSS, at 10,000 answers per second
// and a 30 s timeout: memory that only the HTTP transports paid). So whenever it has doubled
// since it was last compacted, the stale entries are dropped: each entry is looked at O(1) times
// on average, and the FIFO holds at most about twice the live entries.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>

namespace pushbench {

template <typename Entry>  // Entry has an int64_t deadline_ns (CLOCK_MONOTONIC)
class DeadlineFifo {
 public:
  // Adds e, whose deadline is the latest so far. is_live(entry) tells a current entry from a
  // stale one (it must not touch a connection that may be gone; see the callers).
  template <typename IsLive>
  void push(const Entry& e, IsLive&& is_live) {
    if (fifo_.size() >= 2 * after_compaction_ + kSlack) {
      std::deque<Entry> live;
      for (const Entry& x : fifo_) {
        if (is_live(x)) {
          live.push_back(x);
        }
      }
      fifo_.swap(live);
      after_compaction_ = fifo_.size();
    }
    fifo_.push_back(e);
  }

  // Removes every entry due by now_ns, oldest first, calling on_due(entry) for each (stale ones
  // included: the caller skips them).
  template <typename OnDue>
  void expire(int64_t now_ns, OnDue&& on_due) {
    while (!fifo_.empty() && fifo_.front().deadline_ns <= now_ns) {
      const Entry e = fifo_.front();
      fifo_.pop_front();
      on_due(e);
    }
  }

  size_t size() const noexcept { return fifo_.size(); }

 private:
  static constexpr size_t kSlack = 1024;  // no compaction below this many entries
  std::deque<Entry> fifo_;
  size_t after_compaction_ = 0;
};

}  // namespace pushbench
