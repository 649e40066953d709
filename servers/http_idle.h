// Closing idle keep-alive HTTP connections in O(1) per request (docs/method.md: lws' own
// keep-alive timeout is a sorted insert per transaction, O(connections), so the server cancels
// it after each response and reaps here instead). Every completed response starts an idle
// period; a new request or the connection's end forgets it; a sweep closes the connections whose
// idle period reached the bound (a DeadlineFifo: every period has the same length).
#pragma once

#include <cstdint>
#include <vector>

#include "deadline_fifo.h"

struct lws;

namespace pushbench {

// Each connection that was ever idle has a slot, named in lws' opaque user data of the wsi (lws
// keeps it for the connection's life, where the per-session data is renewed per request), so
// that a request costs no hash lookup, allocation or free: a std::unordered_map here was 4 % of
// the server's CPU at 1,000 keep-alive pollers (perf), more than lws' own parser.
class IdleReaper {
 public:
  explicit IdleReaper(int64_t idle_ns) noexcept : idle_ns_(idle_ns) {}

  void idle_from(lws* wsi, int64_t now_ns);  // a response completed: wsi waits for a request
  void forget(lws* wsi) noexcept;            // a request arrived: no longer idle
  void release(lws* wsi) noexcept;           // the connection is gone (LWS_CALLBACK_WSI_DESTROY)
  // Closes (asynchronously, through lws) every connection idle for the bound; returns how many.
  uint64_t sweep(int64_t now_ns) noexcept;
  uint64_t reaped() const noexcept { return reaped_; }

 private:
  struct Slot {
    lws* wsi;
    uint64_t serial;  // of its current idle period; 0: not idle
  };
  struct Entry {
    int64_t deadline_ns;
    uint32_t slot;
    uint64_t serial;
  };
  // An entry names a live idle connection only while its slot still has its serial: serials are
  // never reused, so a slot given to another connection since cannot match.
  bool current(const Entry& e) const noexcept { return slots_[e.slot].serial == e.serial; }
  static int64_t slot_of(lws* wsi) noexcept;  // -1: none yet

  int64_t idle_ns_;
  uint64_t next_serial_ = 1;
  uint64_t reaped_ = 0;
  std::vector<Slot> slots_;
  std::vector<uint32_t> free_slots_;
  DeadlineFifo<Entry> fifo_;
};

}  // namespace pushbench
