// Keep-alive HTTP connections made ready for their next request in the loop pass that answered
// them, as nginx does, instead of one pass and two epoll_ctl later.
//
// lws 4.1.6 ends every keep-alive transaction (lws_http_transaction_completed) by asking for
// POLLOUT: the connection waits in a "deferring" state, reads nothing, until the loop reports it
// writable, then clears POLLOUT and goes back to reading. So each polled request cost the server
// an epoll_ctl to watch for POLLOUT, one more trip through epoll_wait and the loop, and an
// epoll_ctl to stop watching (strace at 1,000 keep-alive pollers: 59,917 epoll_ctl for 29,977
// requests; with this, none). lws exports no way to skip it. It was 5-15 % of the server's CPU
// per request in five of six side-by-side rounds (bench/scenarios/server_vs_nginx.sh, lws-round
// rows; the sixth went the other way by 4 %, within this machine's noise).
//
// KeepAliveRearm removes the round: a libev prepare watcher, which runs after the pass's
// callbacks and before libev hands its descriptor changes to epoll, feeds each connection that
// completed a transaction in the pass the writable event lws asked for (ev_feed_fd_event), as
// epoll would have one pass later. lws' own watcher runs exactly its own code for it (out of
// "deferring": clear POLLOUT, back to reading, wake its idle handler for a pipelined request; it
// writes nothing in that state), and its watcher was started and stopped within one pass, which
// libev folds into no change. A connection whose response is not all sent (lws buffered part of
// it) waits for a real POLLOUT as before.
//
// Only on the libev loop (the default), which pushbench owns for this (ev_loop.h); on libuv and
// lws' poll() loop lws keeps its own round (docs/method.md, "The server beside nginx").
#pragma once

#include <ev.h>

#include <cstdint>
#include <vector>

struct lws;

namespace pushbench {

class KeepAliveRearm {
 public:
  KeepAliveRearm() = default;
  KeepAliveRearm(const KeepAliveRearm&) = delete;
  KeepAliveRearm& operator=(const KeepAliveRearm&) = delete;
  ~KeepAliveRearm();

  // Watches `loop`, lws' foreign loop. The watcher does not keep the loop running.
  void start(struct ev_loop* loop) noexcept;
  // wsi (HTTP/1.1 server side) completed a keep-alive transaction in this pass. Before start():
  // nothing (lws' own round).
  void completed(lws* wsi);
  // wsi is being destroyed (LWS_CALLBACK_WSI_DESTROY): never touch it again.
  void forget(const lws* wsi) noexcept;
  // Connections re-armed so far.
  uint64_t rearmed() const noexcept { return rearmed_; }

 private:
  static void on_prepare(struct ev_loop* loop, ev_prepare* watcher, int revents) noexcept;
  void rearm_pending() noexcept;

  ev_prepare prepare_{};
  struct ev_loop* loop_ = nullptr;
  std::vector<lws*> pending_;  // this pass's; an entry forgotten is null
  uint64_t rearmed_ = 0;
};

}  // namespace pushbench
