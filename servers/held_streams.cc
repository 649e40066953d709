// An epoll set of held streams' sockets, adopted into the lws loop.
#include "held_streams.h"

#include <libwebsockets.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

#include "http_response.h"
#include "lws_handles.h"
#include "subscriber.h"

namespace pushbench {

HeldStreams::HeldStreams() : epoll_(epoll_create1(EPOLL_CLOEXEC)) {
  if (!epoll_) {
    throw std::runtime_error(std::string("epoll_create1: ") + std::strerror(errno));
  }
}

bool HeldStreams::start(lws_vhost* vhost, const char* protocol) noexcept {
  return adopt_raw_file_dup(vhost, protocol, epoll_.get()) >= 0;
}

void HeldStreams::watch(lws* wsi) noexcept {
  if (is_h2_stream(wsi)) {
    return;  // its socket is the connection's, which lws reads for the other streams' frames
  }
  const int fd = lws_get_socket_fd(wsi);
  if (fd < 0) {
    return;
  }
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLRDHUP;  // level-triggered: each pass sees what is still there
  ev.data.fd = fd;
  // The same socket may be held again (the next long poll on a keep-alive connection).
  if (epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, fd, &ev) != 0 &&
      (errno != EEXIST || epoll_ctl(epoll_.get(), EPOLL_CTL_MOD, fd, &ev) != 0)) {
    by_fd_.erase(fd);
    return;
  }
  by_fd_[fd] = wsi;
}

void HeldStreams::forget(lws* wsi) noexcept {
  const int fd = lws_get_socket_fd(wsi);
  auto it = fd >= 0 ? by_fd_.find(fd) : by_fd_.end();
  if (it == by_fd_.end() || it->second != wsi) {
    return;
  }
  by_fd_.erase(it);
  // Called before lws closes the socket (its close callback comes first), so fd is still ours.
  epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, fd, nullptr);
}

void HeldStreams::on_readable() noexcept {
  std::array<epoll_event, 64> ready{};
  const int n = epoll_wait(epoll_.get(), ready.data(), static_cast<int>(ready.size()), 0);
  for (int i = 0; i < n; ++i) {
    auto it = by_fd_.find(ready[static_cast<size_t>(i)].data.fd);
    if (it == by_fd_.end()) {
      continue;
    }
    lws* wsi = it->second;
    forget(wsi);
    ++closed_;
    if (Subscriber* sub = subscriber_of(wsi)) {
      sub->kind = SubscriberKind::kNone;  // nothing more is written to it
    }
    // Closed now (its close callback runs here): an asynchronous kill waits for lws' next
    // timer pass, up to 50 ms on libev, and its socket keeps the loop spinning meanwhile.
    lws_set_timeout(wsi, PENDING_TIMEOUT_CLOSE_SEND, LWS_TO_KILL_SYNC);
  }
}

}  // namespace pushbench
