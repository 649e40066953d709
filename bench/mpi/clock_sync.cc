// Clock offsets between hosts for pushbench-mpi.
#include "clock_sync.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "clock.h"

namespace pushbench {
namespace {
sockaddr_in socket_address(const std::string& address, int port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  if (inet_pton(AF_INET, address.c_str(), &a.sin_addr) != 1) {
    throw std::runtime_error(fmt::format("clock sync: '{}' is not an IPv4 address", address));
  }
  return a;
}

Fd udp_socket() {
  Fd fd(socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (!fd) {
    throw std::runtime_error(fmt::format("clock sync: socket: {}", std::strerror(errno)));
  }
  return fd;
}

// A request: a sequence number and t0; the reply appends ts.
struct Datagram {
  int64_t seq = 0;
  int64_t sent_ns = 0;
  int64_t server_ns = 0;
};
}  // namespace

std::optional<ClockOffset> best_offset(const std::vector<ClockExchange>& exchanges) {
  std::optional<ClockOffset> best;
  int64_t best_rtt = 0;
  for (const ClockExchange& e : exchanges) {
    const int64_t rtt = e.received_ns - e.sent_ns;
    if (rtt < 0 || (best && rtt >= best_rtt)) {
      continue;
    }
    best_rtt = rtt;
    // (t0 + t3) / 2 without overflow: t0 + rtt / 2.
    best = ClockOffset{.offset_ns = e.server_ns - (e.sent_ns + rtt / 2),
                       .uncertainty_ns = (rtt + 1) / 2};
  }
  if (best) {
    best->exchanges = static_cast<int>(exchanges.size());
  }
  return best;
}

ClockResponder::ClockResponder(const std::string& address) : socket_(udp_socket()) {
  sockaddr_in a = socket_address(address, 0);
  if (bind(socket_.get(), reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    throw std::runtime_error(
        fmt::format("clock sync: cannot bind {}: {}", address, std::strerror(errno)));
  }
  socklen_t len = sizeof a;
  getsockname(socket_.get(), reinterpret_cast<sockaddr*>(&a), &len);
  port_ = ntohs(a.sin_port);
  std::array<int, 2> p{};
  if (pipe2(p.data(), O_CLOEXEC) != 0) {
    throw std::runtime_error(fmt::format("clock sync: pipe: {}", std::strerror(errno)));
  }
  stop_read_.reset(p[0]);
  stop_write_.reset(p[1]);
  thread_ = std::thread([this] { serve(); });
}

ClockResponder::~ClockResponder() {
  const char byte = 0;
  [[maybe_unused]] const ssize_t n = write(stop_write_.get(), &byte, 1);
  thread_.join();
}

void ClockResponder::serve() const {
  std::array<pollfd, 2> fds = {pollfd{socket_.get(), POLLIN, 0},
                               pollfd{stop_read_.get(), POLLIN, 0}};
  while (true) {
    if (poll(fds.data(), fds.size(), -1) < 0 && errno != EINTR) {
      return;
    }
    if (fds[1].revents != 0) {
      return;
    }
    if ((fds[0].revents & POLLIN) == 0) {
      continue;
    }
    Datagram d;
    sockaddr_in from{};
    socklen_t len = sizeof from;
    const ssize_t n =
        recvfrom(socket_.get(), &d, sizeof d, 0, reinterpret_cast<sockaddr*>(&from), &len);
    if (n < static_cast<ssize_t>(2 * sizeof(int64_t))) {
      continue;
    }
    d.server_ns = mono_ns();
    sendto(socket_.get(), &d, sizeof d, 0, reinterpret_cast<sockaddr*>(&from), len);
  }
}

ClockOffset measure_clock_offset(const std::string& address, int port, int count, int64_t gap_ns,
                                 int64_t budget_ns) {
  const Fd fd = udp_socket();
  const sockaddr_in to = socket_address(address, port);
  if (connect(fd.get(), reinterpret_cast<const sockaddr*>(&to), sizeof to) != 0) {
    throw std::runtime_error(
        fmt::format("clock sync: cannot reach {}:{}: {}", address, port, std::strerror(errno)));
  }
  std::vector<ClockExchange> exchanges;
  const int64_t stop = mono_ns() + budget_ns;
  for (int i = 0; i < count && mono_ns() < stop; ++i) {
    const int64_t next = mono_ns() + gap_ns;
    Datagram d{.seq = i, .sent_ns = mono_ns()};
    if (send(fd.get(), &d, sizeof d, 0) != static_cast<ssize_t>(sizeof d)) {
      continue;
    }
    const int64_t deadline = d.sent_ns + 100 * kNsPerMs;
    while (true) {  // skips late replies to earlier requests
      pollfd p{fd.get(), POLLIN, 0};
      const int64_t left_ms = (deadline - mono_ns()) / kNsPerMs;
      if (left_ms < 0 || poll(&p, 1, static_cast<int>(left_ms)) <= 0) {
        break;
      }
      Datagram reply;
      if (recv(fd.get(), &reply, sizeof reply, 0) != static_cast<ssize_t>(sizeof reply)) {
        break;  // refused (nothing listens there) or not a reply: this exchange is lost
      }
      const int64_t received = mono_ns();
      if (reply.seq == i) {
        exchanges.push_back(
            {.sent_ns = reply.sent_ns, .server_ns = reply.server_ns, .received_ns = received});
        break;
      }
    }
    while (mono_ns() < next) {
      usleep(static_cast<useconds_t>(std::max<int64_t>(1, (next - mono_ns()) / 1000)));
    }
  }
  const auto best = best_offset(exchanges);
  if (!best) {
    throw std::runtime_error(
        fmt::format("clock sync: no answer from {}:{} in {} tries", address, port, count));
  }
  return *best;
}

}  // namespace pushbench
