// libcurl multi over epoll.
#include "curl_loop.h"

#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fmt/format.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "clock.h"
#include "h2_limits.h"
#include "measurement.h"
#include "source_address.h"
#include "wakeup.h"

namespace pushbench {

CurlLoop::CurlLoop(Measurement& m, long max_connections, void* owner, DoneFn on_done)
    : m_(m),
      owner_(owner),
      on_done_(on_done),
      epoll_(epoll_create1(EPOLL_CLOEXEC)),
      multi_(curl_multi_init()) {
  if (!epoll_ || !multi_) {
    throw std::runtime_error("cannot create the client event loop (epoll or curl multi)");
  }
  CURLM* multi = multi_.get();
  check(curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, &on_socket), "CURLMOPT_SOCKETFUNCTION");
  check(curl_multi_setopt(multi, CURLMOPT_SOCKETDATA, this), "CURLMOPT_SOCKETDATA");
  check(curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION, &on_timer), "CURLMOPT_TIMERFUNCTION");
  check(curl_multi_setopt(multi, CURLMOPT_TIMERDATA, this), "CURLMOPT_TIMERDATA");
  // Keep every client's idle keep-alive connection cached between its requests.
  check(curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, max_connections), "CURLMOPT_MAXCONNECTS");
}

CurlLoop::~CurlLoop() {
  // Closes cached connections through on_close while the meter and the epoll set still exist.
  multi_.reset();
}

void CurlLoop::multiplex_streams() {
  CURLM* multi = multi_.get();
  check(curl_multi_setopt(multi, CURLMOPT_PIPELINING, static_cast<long>(CURLPIPE_MULTIPLEX)),
        "CURLMOPT_PIPELINING");
  check(curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, 1L),
        "CURLMOPT_MAX_HOST_CONNECTIONS");
  check(curl_multi_setopt(multi, CURLMOPT_MAX_CONCURRENT_STREAMS,
                          static_cast<long>(kH2ClientMaxStreams)),
        "CURLMOPT_MAX_CONCURRENT_STREAMS");
}

void CurlLoop::prepare(CURL* e) {
  check(curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, &on_open), "CURLOPT_OPENSOCKETFUNCTION");
  check(curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, this), "CURLOPT_OPENSOCKETDATA");
  check(curl_easy_setopt(e, CURLOPT_CLOSESOCKETFUNCTION, &on_close), "CURLOPT_CLOSESOCKETFUNCTION");
  check(curl_easy_setopt(e, CURLOPT_CLOSESOCKETDATA, this), "CURLOPT_CLOSESOCKETDATA");
  check(curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L), "CURLOPT_NOSIGNAL");
  check(curl_easy_setopt(e, CURLOPT_TCP_NODELAY, 1L), "CURLOPT_TCP_NODELAY");
}

void CurlLoop::add(CURL* easy) {
  if (h2c_) {
    h2c_->before_request(easy);
  }
  check(curl_multi_add_handle(multi_.get(), easy), "curl_multi_add_handle");
}

void CurlLoop::remove(CURL* easy) noexcept { curl_multi_remove_handle(multi_.get(), easy); }

void CurlLoop::run_once(int64_t until_ns) {
  int64_t now = mono_ns();
  int64_t next = until_ns;
  if (curl_due_ns_ >= 0) {
    next = std::min(next, curl_due_ns_);
  }
  std::array<epoll_event, 1024> events{};
  const int n = epoll_wait(epoll_.get(), events.data(), static_cast<int>(events.size()),
                           wait_timeout_ms(now, next));
  if (n < 0 && errno != EINTR) {
    throw std::runtime_error(fmt::format("epoll_wait: {}", std::strerror(errno)));
  }
  int running = 0;
  for (int i = 0; i < n; ++i) {
    const epoll_event& ev = events[static_cast<size_t>(i)];
    const int flags = ((ev.events & EPOLLIN) ? CURL_CSELECT_IN : 0) |
                      ((ev.events & EPOLLOUT) ? CURL_CSELECT_OUT : 0) |
                      ((ev.events & (EPOLLERR | EPOLLHUP)) ? CURL_CSELECT_ERR : 0);
    check(curl_multi_socket_action(multi_.get(), ev.data.fd, flags, &running),
          "curl_multi_socket_action");
  }
  if (curl_due_ns_ >= 0 && mono_ns() >= curl_due_ns_) {
    curl_due_ns_ = -1;
    check(curl_multi_socket_action(multi_.get(), CURL_SOCKET_TIMEOUT, 0, &running),
          "curl_multi_socket_action(timeout)");
  }
  report_done();
}

void CurlLoop::report_done() {
  int left = 0;
  while (CURLMsg* msg = curl_multi_info_read(multi_.get(), &left)) {
    if (msg->msg != CURLMSG_DONE) {
      continue;
    }
    CURL* easy = msg->easy_handle;
    const CURLcode result = msg->data.result;
    curl_multi_remove_handle(multi_.get(), easy);  // msg is invalid from here
    if (h2c_) {
      h2c_->after_request(easy, result == CURLE_OK);
    }
    on_done_(owner_, easy, result);
  }
}

int CurlLoop::on_socket(CURL* /*easy*/, curl_socket_t s, int what, void* self,
                        void* /*socketp*/) noexcept {
  auto* loop = static_cast<CurlLoop*>(self);
  if (s < 0) {
    return 0;
  }
  auto& reg = loop->registered_;
  if (static_cast<size_t>(s) >= reg.size()) {
    reg.resize(static_cast<size_t>(s) + 1024, false);
  }
  if (what == CURL_POLL_REMOVE) {
    if (reg[static_cast<size_t>(s)]) {
      epoll_ctl(loop->epoll_.get(), EPOLL_CTL_DEL, s, nullptr);
      reg[static_cast<size_t>(s)] = false;
    }
    return 0;
  }
  epoll_event ev{};
  ev.events = ((what & CURL_POLL_IN) ? EPOLLIN : 0u) | ((what & CURL_POLL_OUT) ? EPOLLOUT : 0u);
  ev.data.fd = s;
  const int op = reg[static_cast<size_t>(s)] ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
  if (epoll_ctl(loop->epoll_.get(), op, s, &ev) == 0) {
    reg[static_cast<size_t>(s)] = true;
  }
  return 0;
}

int CurlLoop::on_timer(CURLM* /*multi*/, long timeout_ms, void* self) noexcept {
  auto* loop = static_cast<CurlLoop*>(self);
  loop->curl_due_ns_ = timeout_ms < 0 ? -1 : mono_ns() + timeout_ms * kNsPerMs;
  return 0;
}

curl_socket_t CurlLoop::on_open(void* self, curlsocktype /*purpose*/,
                                curl_sockaddr* addr) noexcept {
  auto* loop = static_cast<CurlLoop*>(self);
  const int fd = socket(addr->family, addr->socktype | SOCK_CLOEXEC, addr->protocol);
  if (fd < 0) {
    return CURL_SOCKET_BAD;
  }
  if (!bind_source_address(fd, loop->m_.source_addr_be())) {
    close(fd);  // curl counts the connection as failed; the client retries it
    return CURL_SOCKET_BAD;
  }
  loop->m_.sockets().on_open(fd);
  return fd;
}

int CurlLoop::on_close(void* self, curl_socket_t fd) noexcept {
  auto* loop = static_cast<CurlLoop*>(self);
  // The meter may keep the socket open a little longer to count its teardown: stop watching it.
  if (fd >= 0 && static_cast<size_t>(fd) < loop->registered_.size() &&
      loop->registered_[static_cast<size_t>(fd)]) {
    epoll_ctl(loop->epoll_.get(), EPOLL_CTL_DEL, fd, nullptr);
    loop->registered_[static_cast<size_t>(fd)] = false;
  }
  sockaddr_storage local{};
  socklen_t len = sizeof local;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &len) == 0) {
    // The connection's HPACK state goes with it (a later one on the same port starts empty).
    const auto* in = reinterpret_cast<const sockaddr_in*>(&local);
    loop->hpack_.forget(ntohs(in->sin_port));
  }
  return loop->m_.sockets().close_socket(fd);
}

}  // namespace pushbench
