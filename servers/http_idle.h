// Closing idle keep-alive HTTP connections in O(1) per request (docs/method.md: lws' own
// keep-alive timeout is a sorted insert per transaction, O(connections), so the server cancels
// it after each response and reaps here instead). Every completed response starts an idle
// period; a new request or the connection's end forgets it; a sweep closes the connections whose
// idle period reached the bound (a DeadlineFifo: every period has the same length).
#pragma once

#include <cstdint>
#include <unordered_map>

#include "deadline_fifo.h"

struct lws;

namespace pushbench {

class IdleReaper {
 public:
  explicit IdleReaper(int64_t idle_ns) noexcept : idle_ns_(idle_ns) {}

  void idle_from(lws* wsi, int64_t now_ns);  // a response completed: wsi waits for a request
  void forget(const lws* wsi) noexcept;      // a request arrived, or the connection is gone
  // Closes (asynchronously, through lws) every connection idle for the bound; returns how many.
  uint64_t sweep(int64_t now_ns) noexcept;
  uint64_t reaped() const noexcept { return reaped_; }

 private:
  struct Entry {
    int64_t deadline_ns;
    lws* wsi;
    uint64_t serial;
  };
  int64_t idle_ns_;
  uint64_t next_serial_ = 1;
  uint64_t reaped_ = 0;
  bool current(const Entry& e) const noexcept;  // still wsi's idle period (not forgotten)

  DeadlineFifo<Entry> fifo_;
  std::unordered_map<const lws*, uint64_t> idle_;  // connection -> serial of its idle period
};

}  // namespace pushbench
