// Clock offsets between hosts for pushbench-mpi (issue 16). CLOCK_MONOTONIC is per host, and
// time zero (--epoch-mono-ns) is the server host's: a client rank on another host sets its own
// from an offset it measures against its server's host, NTP-style, over UDP on the path the
// clients use (not over MPI, whose path and stack may be another):
//   the client sends at t0, the server's rank stamps its reply ts with its CLOCK_MONOTONIC, the
//   client receives at t3; then offset = ts - (t0 + t3) / 2, true within +-(t3 - t0) / 2
//   whatever the split of the round trip (ts lies between t0 and t3 on the server's clock).
// Of many exchanges the one with the smallest round trip is kept: its bound is the tightest
// (queueing only ever adds to a round trip).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "fd.h"

namespace pushbench {

// One exchange, each time in its own host's CLOCK_MONOTONIC.
struct ClockExchange {
  int64_t sent_ns = 0;      // t0, client
  int64_t server_ns = 0;    // ts, server
  int64_t received_ns = 0;  // t3, client
};

struct ClockOffset {
  int64_t offset_ns = 0;       // server clock minus client clock
  int64_t uncertainty_ns = 0;  // +- half the round trip of the exchange it comes from
  int exchanges = 0;           // answered exchanges it was chosen from
};

// The offset from the exchange with the smallest round trip; nullopt without any.
std::optional<ClockOffset> best_offset(const std::vector<ClockExchange>& exchanges);

// The server side: a thread answering each datagram on `address`:<port> with the datagram and
// its CLOCK_MONOTONIC appended. Stops (and joins) on destruction. Throws std::runtime_error
// when the socket cannot be made.
class ClockResponder {
 public:
  explicit ClockResponder(const std::string& address);
  ~ClockResponder();
  ClockResponder(const ClockResponder&) = delete;
  ClockResponder& operator=(const ClockResponder&) = delete;

  int port() const noexcept { return port_; }

 private:
  void serve() const;

  Fd socket_;
  Fd stop_read_, stop_write_;  // a pipe: written on destruction, wakes the thread
  int port_ = 0;
  std::thread thread_;
};

// The client side: up to `count` exchanges with the responder at address:port, one every
// `gap_ns` at most, each waiting at most 100 ms for its reply (lost ones are skipped), none begun
// after `budget_ns`: over a long path (20 ms each way) 200 exchanges would take 8 s. Throws
// std::runtime_error when none was answered.
ClockOffset measure_clock_offset(const std::string& address, int port, int count, int64_t gap_ns,
                                 int64_t budget_ns);

}  // namespace pushbench
