// Keep-alive connections re-armed within their pass (keepalive_rearm.h).
#include "keepalive_rearm.h"

#include <libwebsockets.h>

#include <algorithm>
#include <utility>

namespace pushbench {

KeepAliveRearm::~KeepAliveRearm() {
  if (loop_ != nullptr) {
    ev_ref(loop_);  // libev's pairing for a watcher that was unref'd after its start
    ev_prepare_stop(loop_, &prepare_);
  }
}

void KeepAliveRearm::start(struct ev_loop* loop) noexcept {
  if (loop == nullptr || loop_ != nullptr) {
    return;
  }
  loop_ = loop;
  ev_prepare_init(&prepare_, &KeepAliveRearm::on_prepare);
  prepare_.data = this;
  ev_prepare_start(loop_, &prepare_);
  ev_unref(loop_);  // lws' watchers alone decide when the loop has nothing left to do
}

void KeepAliveRearm::completed(lws* wsi) {
  // A response lws could not send in full needs the real POLLOUT.
  if (loop_ != nullptr && lws_partial_buffered(wsi) == 0) {
    pending_.push_back(wsi);
  }
}

void KeepAliveRearm::forget(const lws* wsi) noexcept {
  std::replace(pending_.begin(), pending_.end(), const_cast<lws*>(wsi), static_cast<lws*>(nullptr));
}

void KeepAliveRearm::on_prepare(struct ev_loop* /*loop*/, ev_prepare* watcher,
                                int /*revents*/) noexcept {
  static_cast<KeepAliveRearm*>(watcher->data)->rearm_pending();
}

void KeepAliveRearm::rearm_pending() noexcept {
  // By index: a callback may destroy another connection of the list (forget() nulls its entry).
  for (size_t i = 0; i < pending_.size(); ++i) {
    lws* wsi = std::exchange(pending_[i], nullptr);
    const int fd = wsi != nullptr ? lws_get_socket_fd(wsi) : -1;
    if (fd < 0) {
      continue;
    }
    // As if epoll had reported the descriptor writable: libev calls lws' own write watcher now,
    // within this prepare phase (events fed here are invoked before it ends), and lws does what
    // it does for a real POLLOUT, including waking its idle handler, which serves a pipelined
    // request already buffered.
    ev_feed_fd_event(loop_, fd, EV_WRITE);
    ++rearmed_;
  }
  pending_.clear();
}

}  // namespace pushbench
