// What the server does with each accepted socket before lws adopts it: near the open-file limit
// it stops accepting (the listener is taken off the poll set, so a full fd table costs no CPU
// and no log flood; lws 4.1.6 would otherwise retry accept() and log "accept: errno 24" in a
// busy loop) and resumes after a back-off; every adopted socket gets TCP keepalive probing
// (lws' ka_* context options) and TCP_USER_TIMEOUT, so a peer that vanished without FIN or RST
// is dropped within the dead-peer bound. It also counts the distinct peer addresses it accepted
// from (the clients' source addresses, spread past one address' ephemeral ports).
#pragma once

#include <cstdint>
#include <unordered_set>
#include <vector>

struct lws;

namespace pushbench {

class AcceptGuard {
 public:
  AcceptGuard(int64_t fd_limit, int dead_peer_s) noexcept
      : fd_limit_(fd_limit), dead_peer_s_(dead_peer_s) {}

  // LWS_CALLBACK_FILTER_NETWORK_CONNECTION: `listener` accepted `fd`. Returns nonzero to make
  // lws close it (the table is nearly full; the listener is paused).
  int on_accept(lws* listener, int fd) noexcept;
  // From the housekeeping timer: listens again once the back-off has passed.
  void resume_if_due(int64_t now_ns) noexcept;
  uint64_t refused() const noexcept { return refused_; }
  // Distinct IPv4 peer addresses of the accepted sockets (0 when none was IPv4).
  uint64_t peer_addresses() const noexcept { return peers_.size(); }
  // When the first socket was accepted (CLOCK_MONOTONIC; 0: none yet): where a burst of
  // connections began (bench/scenarios/handshakes.sh).
  int64_t first_accept_ns() const noexcept { return first_accept_ns_; }

 private:
  int64_t fd_limit_;
  int dead_peer_s_;
  std::vector<lws*> paused_;  // listeners taken off the poll set (lws keeps them for good)
  int64_t resume_ns_ = 0;
  bool exhausted_ = false;  // said so on stderr; said again only after it recovered
  uint64_t refused_ = 0;
  int64_t first_accept_ns_ = 0;
  std::unordered_set<uint32_t> peers_;
};

}  // namespace pushbench
