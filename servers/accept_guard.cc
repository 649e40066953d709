// Accepted sockets: the open-file back-off and dead-peer detection.
#include "accept_guard.h"

#include <libwebsockets.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstdio>

#include <fmt/format.h>

#include "clock.h"

namespace pushbench {
namespace {
// Descriptors kept free for everything but connections (lws' own, the stats file, a log line).
constexpr int64_t kFdHeadroom = 32;
// How long the listener stays off the poll set before it tries again.
constexpr int64_t kBackoffNs = 250 * kNsPerMs;
}  // namespace

int AcceptGuard::on_accept(lws* listener, int fd) noexcept {
  if (fd >= fd_limit_ - kFdHeadroom) {
    ++refused_;
    if (std::find(paused_.begin(), paused_.end(), listener) == paused_.end()) {
      paused_.push_back(listener);
    }
    lws_rx_flow_control(listener, 0);  // POLLIN off on the listening socket
    resume_ns_ = mono_ns() + kBackoffNs;
    if (!exhausted_) {
      exhausted_ = true;
      fmt::print(stderr,
                 "pushbench-server: open-file limit ({}) nearly reached: new connections wait "
                 "until some close\n",
                 fd_limit_);
    }
    return 1;
  }
  if (first_accept_ns_ == 0) {
    first_accept_ns_ = mono_ns();
  }
  sockaddr_in peer{};
  socklen_t len = sizeof peer;
  if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &len) == 0 &&
      peer.sin_family == AF_INET) {
    peers_.insert(peer.sin_addr.s_addr);
  }
  if (exhausted_ && paused_.empty()) {
    exhausted_ = false;
    fmt::print(stderr, "pushbench-server: accepting connections again\n");
  }
  // Dead-peer bound: keepalive probes start after a third of it idle (lws' ka_* options do
  // the same for the sockets it adopts; set here too for every listener), and data left
  // unacknowledged for the whole bound fails the connection.
  const int one = 1;
  const int idle = std::max(1, dead_peer_s_ / 3);
  const int interval = std::max(1, dead_peer_s_ / 6);
  const int probes = 3;
  const unsigned user_timeout_ms = static_cast<unsigned>(dead_peer_s_) * 1000u;
  setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one);
  setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof idle);
  setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &interval, sizeof interval);
  setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &probes, sizeof probes);
  setsockopt(fd, IPPROTO_TCP, TCP_USER_TIMEOUT, &user_timeout_ms, sizeof user_timeout_ms);
  return 0;
}

void AcceptGuard::resume_if_due(int64_t now_ns) noexcept {
  if (paused_.empty() || now_ns < resume_ns_) {
    return;
  }
  for (lws* listener : paused_) {
    lws_rx_flow_control(listener, 1);
  }
  paused_.clear();
}

}  // namespace pushbench
