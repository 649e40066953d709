// A metered, epoll-watched client socket.
#include "lean_connection.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "socket_meter.h"
#include "source_address.h"

namespace pushbench {

LeanConnection& LeanConnection::operator=(LeanConnection&& o) noexcept {
  if (this != &o) {
    close();
    fd_ = std::exchange(o.fd_, -1);
    epoll_fd_ = o.epoll_fd_;
    events_ = o.events_;
    tag_ = o.tag_;
    meter_ = o.meter_;
  }
  return *this;
}

bool LeanConnection::open(const ServerAddress& server, uint32_t source_addr_be, SocketMeter& meter,
                          int epoll_fd, uint64_t tag) noexcept {
  close();
  const int fd = socket(server.addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    return false;
  }
  const int one = 1;
  if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) != 0 ||
      !bind_source_address(fd, source_addr_be)) {
    ::close(fd);  // as libcurl's socket hook: a socket that never connected is not metered
    return false;
  }
  meter.on_open(fd);
  fd_ = fd;
  meter_ = &meter;
  epoll_fd_ = epoll_fd;
  tag_ = tag;
  events_ = 0;
  if (::connect(fd, server.get(), server.len) != 0 && errno != EINPROGRESS) {
    close();
    return false;
  }
  epoll_event ev{};
  ev.events = EPOLLOUT;
  ev.data.u64 = tag;
  if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &ev) != 0) {
    close();
    return false;
  }
  events_ = EPOLLOUT;
  return true;
}

bool LeanConnection::watch(uint32_t events) noexcept {
  if (events == events_) {
    return true;
  }
  epoll_event ev{};
  ev.events = events;
  ev.data.u64 = tag_;
  if (epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, fd_, &ev) != 0) {
    return false;
  }
  events_ = events;
  return true;
}

bool LeanConnection::connected() const noexcept {
  int err = 0;
  socklen_t len = sizeof err;
  return getsockopt(fd_, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err == 0;
}

void LeanConnection::close() noexcept {
  if (fd_ < 0) {
    return;
  }
  if (events_ != 0) {
    // The meter may keep the descriptor open for the teardown: it must leave the set now.
    epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd_, nullptr);
  }
  meter_->close_socket(fd_);
  fd_ = -1;
  events_ = 0;
}

}  // namespace pushbench
