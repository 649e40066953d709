// Bytes and segments each client socket carried inside the measurement window, read from the
// kernel's own TCP_INFO counters: the same measurement for every transport, whatever library
// owns the socket. Sockets opened and closed inside the window (poll-close) count too.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "latency.h"

namespace pushbench {

struct TcpCounters {
  uint64_t bytes_sent = 0;      // TCP payload bytes sent (tcpi_bytes_sent)
  uint64_t bytes_received = 0;  // TCP payload bytes received (tcpi_bytes_received)
  uint64_t segs_out = 0;        // segments sent, incl. SYN/FIN/pure ACKs (tcpi_segs_out)
  uint64_t segs_in = 0;         // segments received (tcpi_segs_in)
  uint64_t retrans = 0;         // segments retransmitted (tcpi_total_retrans)

  TcpCounters& operator+=(const TcpCounters& o) noexcept;
  TcpCounters operator-(const TcpCounters& o) const noexcept;
};

std::optional<TcpCounters> read_tcp_counters(int fd) noexcept;

// What TCP measured of the path's round trip on one socket, microseconds: its smoothed RTT
// (tcpi_rtt) and the minimum it has seen (tcpi_min_rtt). nullopt before the first sample.
struct TcpRtt {
  uint32_t srtt_us = 0;
  uint32_t min_rtt_us = 0;
};
std::optional<TcpRtt> read_tcp_rtt(int fd) noexcept;

// Wire-level bytes = TCP payload + the TCP/IP headers of every segment, as seen on loopback
// (verified with tcpdump -v): IPv4 20 + TCP 20 + timestamps option 12 (NOP NOP TS) = 52 B per
// segment; a SYN / SYN-ACK carries 20 B of options instead (MSS, SACK-permitted, TS, window
// scale: 60 B), so 8 B more per connection opened in each direction. Runs bind IPv4 127.0.0.1.
inline constexpr uint64_t kWireHeaderBytesPerSegment = 52;
inline constexpr uint64_t kWireExtraBytesPerSyn = 8;
inline constexpr uint64_t wire_bytes(uint64_t app_bytes, uint64_t segments,
                                     uint64_t connections_opened) noexcept {
  return app_bytes + segments * kWireHeaderBytesPerSegment +
         connections_opened * kWireExtraBytesPerSyn;
}

class SocketMeter {
 public:
  void on_open(int fd) noexcept;   // a connected (or connecting) client socket
  void on_close(int fd) noexcept;  // call before close(2): reads the final counters
  // Closes `fd` for its owner. Inside the window the close is deferred: shutdown(SHUT_WR) sends
  // the FIN now, and the socket stays open (out of the owner's hands) until the teardown is over
  // (state CLOSE or TIME_WAIT; at most 200 ms), so that the FIN and the ACKs after it are
  // in its TCP_INFO counters too. Returns close(2)'s result or 0.
  int close_socket(int fd) noexcept;
  // Closes the deferred sockets whose teardown is over (all of them when `force`). Called by
  // every tick of the client's loop and at the window's end.
  void reap_closing(bool force) noexcept;
  ~SocketMeter();
  SocketMeter() = default;
  SocketMeter(const SocketMeter&) = delete;
  SocketMeter& operator=(const SocketMeter&) = delete;
  void begin_window() noexcept;
  void end_window() noexcept;

  const TcpCounters& window_totals() const noexcept { return totals_; }
  uint64_t connections_opened() const noexcept { return opened_; }  // in the window
  uint64_t connections_open_at_end() const noexcept { return open_at_end_; }
  uint64_t read_failures() const noexcept { return read_failures_; }
  uint64_t open_now() const noexcept { return open_now_; }
  // One sample per socket counted in the window (closed in it, or open at its end) that had an
  // RTT: the conditions each client connection saw. In ns, so latency.h's percentiles apply.
  LatencyRecorder& srtt() noexcept { return srtt_; }
  LatencyRecorder& min_rtt() noexcept { return min_rtt_; }

 private:
  enum class Phase { kBefore, kIn, kAfter };
  struct Entry {
    bool open = false;
    TcpCounters baseline;
  };
  TcpCounters read_or_count(int fd) noexcept;
  void sample_rtt(int fd);
  struct Closing {
    int fd;
    int64_t deadline_ns;
  };
  std::vector<Closing> closing_;

  Phase phase_ = Phase::kBefore;
  std::vector<Entry> by_fd_;
  TcpCounters totals_;
  uint64_t opened_ = 0;
  uint64_t open_at_end_ = 0;
  uint64_t open_now_ = 0;
  uint64_t read_failures_ = 0;
  LatencyRecorder srtt_, min_rtt_;
};

}  // namespace pushbench
