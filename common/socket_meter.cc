// Per-socket TCP_INFO accounting over the measurement window.
#include "socket_meter.h"

#include <linux/tcp.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "clock.h"

namespace pushbench {

TcpCounters& TcpCounters::operator+=(const TcpCounters& o) noexcept {
  bytes_sent += o.bytes_sent;
  bytes_received += o.bytes_received;
  segs_out += o.segs_out;
  segs_in += o.segs_in;
  retrans += o.retrans;
  return *this;
}

TcpCounters TcpCounters::operator-(const TcpCounters& o) const noexcept {
  return {bytes_sent - o.bytes_sent, bytes_received - o.bytes_received, segs_out - o.segs_out,
          segs_in - o.segs_in, retrans - o.retrans};
}

namespace {
// The socket's TCP_INFO when the kernel filled it at least up to `needed` bytes (older kernels
// fill less of the struct).
std::optional<tcp_info> read_tcp_info(int fd, size_t needed) noexcept {
  tcp_info info{};
  socklen_t len = sizeof(info);
  if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &len) != 0 || len < needed) {
    return std::nullopt;
  }
  return info;
}
}  // namespace

std::optional<TcpCounters> read_tcp_counters(int fd) noexcept {
  const auto info =
      read_tcp_info(fd, offsetof(tcp_info, tcpi_bytes_sent) + sizeof(tcp_info::tcpi_bytes_sent));
  if (!info) {
    return std::nullopt;
  }
  return TcpCounters{info->tcpi_bytes_sent, info->tcpi_bytes_received, info->tcpi_segs_out,
                     info->tcpi_segs_in, info->tcpi_total_retrans};
}

std::optional<TcpRtt> read_tcp_rtt(int fd) noexcept {
  const auto info =
      read_tcp_info(fd, offsetof(tcp_info, tcpi_min_rtt) + sizeof(tcp_info::tcpi_min_rtt));
  // The kernel's "no sample yet": min_rtt ~0U, srtt 0 (a socket that never saw an ACK).
  if (!info || info->tcpi_rtt == 0 || info->tcpi_min_rtt == ~0U) {
    return std::nullopt;
  }
  return TcpRtt{info->tcpi_rtt, info->tcpi_min_rtt};
}

void SocketMeter::sample_rtt(int fd) {
  if (const auto rtt = read_tcp_rtt(fd)) {
    srtt_.record(int64_t{rtt->srtt_us} * 1000);
    min_rtt_.record(int64_t{rtt->min_rtt_us} * 1000);
  }
}

TcpCounters SocketMeter::read_or_count(int fd) noexcept {
  if (auto c = read_tcp_counters(fd)) {
    return *c;
  }
  ++read_failures_;
  return {};
}

void SocketMeter::on_open(int fd) noexcept {
  if (fd < 0) {
    return;
  }
  if (static_cast<size_t>(fd) >= by_fd_.size()) {
    by_fd_.resize(static_cast<size_t>(fd) + 1024);
  }
  Entry& e = by_fd_[static_cast<size_t>(fd)];
  if (e.open) {
    return;
  }
  e.open = true;
  e.baseline = {};  // a new socket's counters start at zero
  ++open_now_;
  if (phase_ == Phase::kIn) {
    ++opened_;
  }
}

void SocketMeter::on_close(int fd) noexcept {
  if (fd < 0 || static_cast<size_t>(fd) >= by_fd_.size() || !by_fd_[static_cast<size_t>(fd)].open) {
    return;
  }
  Entry& e = by_fd_[static_cast<size_t>(fd)];
  if (phase_ == Phase::kIn) {
    totals_ += read_or_count(fd) - e.baseline;
    sample_rtt(fd);
  }
  e.open = false;
  --open_now_;
}

namespace {
constexpr int64_t kCloseGraceNs = 200'000'000;  // a teardown on loopback takes microseconds
constexpr uint8_t kStateTimeWait = 6;           // tcpi_state values (include/net/tcp_states.h)
constexpr uint8_t kStateClose = 7;
}  // namespace

SocketMeter::~SocketMeter() {
  for (const Closing& c : closing_) {
    close(c.fd);
  }
}

int SocketMeter::close_socket(int fd) noexcept {
  if (phase_ != Phase::kIn || fd < 0 || static_cast<size_t>(fd) >= by_fd_.size() ||
      !by_fd_[static_cast<size_t>(fd)].open) {
    on_close(fd);
    return close(fd);
  }
  shutdown(fd, SHUT_WR);  // our FIN now; the peer's ACK (and FIN) arrive while fd stays open
  closing_.push_back({fd, mono_ns() + kCloseGraceNs});
  return 0;
}

void SocketMeter::reap_closing(bool force) noexcept {
  if (closing_.empty()) {
    return;
  }
  const int64_t now = mono_ns();
  size_t kept = 0;
  for (const Closing& c : closing_) {
    tcp_info info{};
    socklen_t len = sizeof(info);
    const bool done = getsockopt(c.fd, IPPROTO_TCP, TCP_INFO, &info, &len) != 0 ||
                      info.tcpi_state == kStateClose || info.tcpi_state == kStateTimeWait;
    if (force || done || now >= c.deadline_ns) {
      on_close(c.fd);
      close(c.fd);
    } else {
      closing_[kept++] = c;
    }
  }
  closing_.resize(kept);
}

void SocketMeter::begin_window() noexcept {
  for (size_t fd = 0; fd < by_fd_.size(); ++fd) {
    if (by_fd_[fd].open) {
      by_fd_[fd].baseline = read_or_count(static_cast<int>(fd));
    }
  }
  phase_ = Phase::kIn;
}

void SocketMeter::end_window() noexcept {
  if (phase_ != Phase::kIn) {
    return;
  }
  reap_closing(true);  // sockets closed inside the window count there, teardown as far as it got
  for (size_t fd = 0; fd < by_fd_.size(); ++fd) {
    if (by_fd_[fd].open) {
      totals_ += read_or_count(static_cast<int>(fd)) - by_fd_[fd].baseline;
      sample_rtt(static_cast<int>(fd));
      ++open_at_end_;
    }
  }
  phase_ = Phase::kAfter;
}

}  // namespace pushbench
