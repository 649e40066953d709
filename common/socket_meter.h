// Bytes and segments each client socket carried inside the measurement window, read from the
// kernel's own TCP_INFO counters: the same measurement for every transport, whatever library
// owns the socket. Sockets opened and closed inside the window (poll-close) count too.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace pushbench {

struct TcpCounters {
  uint64_t bytes_sent = 0;      // TCP payload bytes sent (tcpi_bytes_sent)
  uint64_t bytes_received = 0;  // TCP payload bytes received (tcpi_bytes_received)
  uint64_t segs_out = 0;        // segments sent, incl. SYN/FIN/pure ACKs (tcpi_segs_out)
  uint64_t segs_in = 0;         // segments received (tcpi_segs_in)

  TcpCounters& operator+=(const TcpCounters& o) noexcept;
  TcpCounters operator-(const TcpCounters& o) const noexcept;
};

std::optional<TcpCounters> read_tcp_counters(int fd) noexcept;

class SocketMeter {
 public:
  void on_open(int fd) noexcept;   // a connected (or connecting) client socket
  void on_close(int fd) noexcept;  // call before close(2): reads the final counters
  void begin_window() noexcept;
  void end_window() noexcept;

  const TcpCounters& window_totals() const noexcept { return totals_; }
  uint64_t connections_opened() const noexcept { return opened_; }        // in the window
  uint64_t connections_open_at_end() const noexcept { return open_at_end_; }
  uint64_t read_failures() const noexcept { return read_failures_; }
  uint64_t open_now() const noexcept { return open_now_; }

 private:
  enum class Phase { kBefore, kIn, kAfter };
  struct Entry {
    bool open = false;
    TcpCounters baseline;
  };
  TcpCounters read_or_count(int fd) noexcept;

  Phase phase_ = Phase::kBefore;
  std::vector<Entry> by_fd_;
  TcpCounters totals_;
  uint64_t opened_ = 0;
  uint64_t open_at_end_ = 0;
  uint64_t open_now_ = 0;
  uint64_t read_failures_ = 0;
};

}  // namespace pushbench
