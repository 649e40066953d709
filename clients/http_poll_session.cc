// poll and poll-close clients: libcurl multi driven by curl_multi_socket_action over epoll, so
// the client stays O(active sockets). Each client has its own easy handle (reused for every
// poll) and, for poll, its own keep-alive connection, as a browser tab would: libcurl shares
// connections between handles to the same host, so each client gets a host name of its own
// (CURLOPT_RESOLVE) while the Host header on the wire stays the server's address.
#include <sys/epoll.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <queue>
#include <stdexcept>
#include <string>
#include <vector>

#include "client_options.h"
#include "clock.h"
#include "curl_handles.h"
#include "event.h"
#include "measurement.h"
#include "rng.h"
#include "session.h"
#include "stop_flag.h"

namespace pushbench {
namespace {

constexpr int64_t kStopCheckNs = 50 * kNsPerMs;
constexpr long kTransferTimeoutMs = 30'000;
constexpr int64_t kConnectSpacingNs = 100'000;

struct PollClient {
  int id = 0;
  CurlEasy easy;
  CurlSlist resolve;       // "c<id>.pushbench:<port>:<host>": this client's own connection
  std::string body;
  int64_t after = -1;      // highest seq received: acknowledges everything up to it
  int64_t due_ns = 0;      // next poll on the fixed timeline
  int64_t last_rx_ns = 0;  // when the latest response bytes were read
  bool in_flight = false;
  bool overdue = false;    // its due time came while the previous poll was still open
  bool ready = false;
};

class HttpPollSession final : public Session {
 public:
  HttpPollSession(const ClientOptions& options, Measurement& m);
  ~HttpPollSession() override;
  HttpPollSession(const HttpPollSession&) = delete;
  HttpPollSession& operator=(const HttpPollSession&) = delete;
  void run() override;

 private:
  using Due = std::pair<int64_t, int>;  // (due_ns, client index), min-heap

  void setup_client(PollClient& c, const CurlSlist& headers);
  void start_poll(PollClient& c);
  void start_due_polls(int64_t now);
  void drain_completed();
  void finish(PollClient& c, CURLcode result);
  int wait_timeout_ms(int64_t now) const;

  static int on_socket(CURL* easy, curl_socket_t s, int what, void* self, void* socketp) noexcept;
  static int on_timer(CURLM* multi, long timeout_ms, void* self) noexcept;
  static size_t on_write(char* data, size_t size, size_t n, void* client) noexcept;
  static curl_socket_t on_open(void* self, curlsocktype purpose, curl_sockaddr* addr) noexcept;
  static int on_close(void* self, curl_socket_t fd) noexcept;

  const ClientOptions& options_;
  Measurement& m_;
  CurlGlobal curl_global_;
  int epoll_fd_ = -1;
  std::vector<bool> registered_;  // by fd: in the epoll set
  int64_t curl_due_ns_ = -1;      // CURLMOPT_TIMERFUNCTION's deadline, -1 = none
  std::priority_queue<Due, std::vector<Due>, std::greater<>> due_;
  CurlSlist headers_;
  std::vector<PollClient> clients_;
  CurlMulti multi_;  // after clients_: destroyed first (its cache closes sockets via on_close)
};

HttpPollSession::HttpPollSession(const ClientOptions& options, Measurement& m)
    : options_(options), m_(m), multi_(curl_multi_init()) {
  epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  if (epoll_fd_ < 0 || !multi_) {
    throw std::runtime_error("cannot create the client event loop (epoll or curl multi)");
  }
  CURLM* multi = multi_.get();
  check(curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, &on_socket), "CURLMOPT_SOCKETFUNCTION");
  check(curl_multi_setopt(multi, CURLMOPT_SOCKETDATA, this), "CURLMOPT_SOCKETDATA");
  check(curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION, &on_timer), "CURLMOPT_TIMERFUNCTION");
  check(curl_multi_setopt(multi, CURLMOPT_TIMERDATA, this), "CURLMOPT_TIMERDATA");
  // Keep every client's idle keep-alive connection cached between its polls.
  check(curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, static_cast<long>(options.count) * 2 + 16),
        "CURLMOPT_MAXCONNECTS");

  // The request a minimal client sends: Host (the server's real address) and Accept: */*.
  append(headers_, fmt::format("Host: {}:{}", options.host, options.port).c_str());
  if (options.transport == Transport::kPollClose) {
    append(headers_, "Connection: close");
  }
  clients_.resize(static_cast<size_t>(options.count));
  const int64_t start = mono_ns();
  for (int i = 0; i < options.count; ++i) {
    PollClient& c = clients_[static_cast<size_t>(i)];
    c.id = options.first_client + i;
    setup_client(c, headers_);
    // The first poll goes out at once (the page load that opens the connection; 10 per ms, so
    // thousands of connects do not overflow the server's accept queue); from then on
    // each client keeps its own seeded phase on the timeline, so polls do not arrive in herds.
    Rng phase(splitmix64(options.workload.seed ^ (static_cast<uint64_t>(c.id) << 20)));
    c.due_ns = start - options.poll_interval_ns +
               static_cast<int64_t>(phase.below(static_cast<uint64_t>(options.poll_interval_ns)));
    due_.emplace(start + i * kConnectSpacingNs, i);
  }
}

HttpPollSession::~HttpPollSession() {
  for (PollClient& c : clients_) {
    if (c.in_flight) {
      curl_multi_remove_handle(multi_.get(), c.easy.get());
    }
  }
  clients_.clear();
  multi_.reset();
  if (epoll_fd_ >= 0) {
    close(epoll_fd_);
  }
}

void HttpPollSession::setup_client(PollClient& c, const CurlSlist& headers) {
  CURL* e = curl_easy_init();
  if (e == nullptr) {
    throw std::runtime_error("curl_easy_init failed");
  }
  c.easy.reset(e);
  append(c.resolve, fmt::format("c{}.pushbench:{}:{}", c.id, options_.port, options_.host).c_str());
  check(curl_easy_setopt(e, CURLOPT_RESOLVE, c.resolve.get()), "CURLOPT_RESOLVE");
  check(curl_easy_setopt(e, CURLOPT_DNS_CACHE_TIMEOUT, -1L), "CURLOPT_DNS_CACHE_TIMEOUT");
  check(curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers.get()), "CURLOPT_HTTPHEADER");
  check(curl_easy_setopt(e, CURLOPT_PRIVATE, &c), "CURLOPT_PRIVATE");
  check(curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &on_write), "CURLOPT_WRITEFUNCTION");
  check(curl_easy_setopt(e, CURLOPT_WRITEDATA, &c), "CURLOPT_WRITEDATA");
  check(curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, &on_open), "CURLOPT_OPENSOCKETFUNCTION");
  check(curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, this), "CURLOPT_OPENSOCKETDATA");
  check(curl_easy_setopt(e, CURLOPT_CLOSESOCKETFUNCTION, &on_close),
        "CURLOPT_CLOSESOCKETFUNCTION");
  check(curl_easy_setopt(e, CURLOPT_CLOSESOCKETDATA, this), "CURLOPT_CLOSESOCKETDATA");
  check(curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L), "CURLOPT_NOSIGNAL");
  check(curl_easy_setopt(e, CURLOPT_TCP_NODELAY, 1L), "CURLOPT_TCP_NODELAY");
  check(curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, kTransferTimeoutMs), "CURLOPT_TIMEOUT_MS");
  if (options_.transport == Transport::kPollClose) {
    check(curl_easy_setopt(e, CURLOPT_FORBID_REUSE, 1L), "CURLOPT_FORBID_REUSE");
  }
}

void HttpPollSession::start_poll(PollClient& c) {
  const std::string url = fmt::format("http://c{}.pushbench:{}/poll?client={}&after={}", c.id,
                                      options_.port, c.id, c.after);
  check(curl_easy_setopt(c.easy.get(), CURLOPT_URL, url.c_str()), "CURLOPT_URL");
  c.body.clear();
  c.in_flight = true;
  check(curl_multi_add_handle(multi_.get(), c.easy.get()), "curl_multi_add_handle");
}

void HttpPollSession::start_due_polls(int64_t now) {
  while (!due_.empty() && due_.top().first <= now) {
    PollClient& c = clients_[static_cast<size_t>(due_.top().second)];
    due_.pop();
    if (c.in_flight) {
      c.overdue = true;  // issued as soon as the open poll completes
      continue;
    }
    start_poll(c);
    c.due_ns += options_.poll_interval_ns;
    due_.emplace(c.due_ns, static_cast<int>(&c - clients_.data()));
  }
}

void HttpPollSession::finish(PollClient& c, CURLcode result) {
  long status = 0;
  curl_easy_getinfo(c.easy.get(), CURLINFO_RESPONSE_CODE, &status);
  if (result != CURLE_OK) {
    ++m_.counters().err_connect;
  } else if (status == 204) {
    m_.on_request(true);
  } else if (status == 200) {
    m_.on_request(false);
    const bool ok = for_each_event_in_array(c.body, [&](const ParsedEvent& ev) {
      m_.on_event(c.id, ev, c.last_rx_ns);
      c.after = std::max(c.after, ev.fields.seq);
    });
    if (!ok) {
      ++m_.counters().err_protocol;
    }
  } else {
    ++m_.counters().err_status;
  }
  if (result == CURLE_OK && !c.ready) {
    c.ready = true;
    m_.on_client_ready();
  }
}

void HttpPollSession::drain_completed() {
  int left = 0;
  while (CURLMsg* msg = curl_multi_info_read(multi_.get(), &left)) {
    if (msg->msg != CURLMSG_DONE) {
      continue;
    }
    PollClient* c = nullptr;
    curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &c);
    const CURLcode result = msg->data.result;
    curl_multi_remove_handle(multi_.get(), msg->easy_handle);  // msg is invalid from here
    c->in_flight = false;
    finish(*c, result);
    if (c->overdue) {
      c->overdue = false;
      ++m_.counters().late_polls;
      start_poll(*c);
      c->due_ns += options_.poll_interval_ns;
      due_.emplace(c->due_ns, static_cast<int>(c - clients_.data()));
    }
  }
}

int HttpPollSession::wait_timeout_ms(int64_t now) const {
  int64_t next = std::min(now + kStopCheckNs, m_.next_edge_ns());
  if (!due_.empty()) {
    next = std::min(next, due_.top().first);
  }
  if (curl_due_ns_ >= 0) {
    next = std::min(next, curl_due_ns_);
  }
  return next <= now ? 0 : static_cast<int>((next - now + kNsPerMs - 1) / kNsPerMs);
}

void HttpPollSession::run() {
  std::vector<epoll_event> events(1024);
  int running = 0;
  while (!stop_requested()) {
    int64_t now = mono_ns();
    m_.tick(now);
    start_due_polls(now);
    int n = epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()),
                       wait_timeout_ms(now));
    if (n < 0 && errno != EINTR) {
      throw std::runtime_error(fmt::format("epoll_wait: {}", std::strerror(errno)));
    }
    for (int i = 0; i < n; ++i) {
      const uint32_t ev = events[static_cast<size_t>(i)].events;
      const int flags = ((ev & EPOLLIN) ? CURL_CSELECT_IN : 0) |
                        ((ev & EPOLLOUT) ? CURL_CSELECT_OUT : 0) |
                        ((ev & (EPOLLERR | EPOLLHUP)) ? CURL_CSELECT_ERR : 0);
      check(curl_multi_socket_action(multi_.get(), events[static_cast<size_t>(i)].data.fd, flags,
                                     &running),
            "curl_multi_socket_action");
    }
    if (curl_due_ns_ >= 0 && mono_ns() >= curl_due_ns_) {
      curl_due_ns_ = -1;
      check(curl_multi_socket_action(multi_.get(), CURL_SOCKET_TIMEOUT, 0, &running),
            "curl_multi_socket_action(timeout)");
    }
    drain_completed();
  }
  m_.tick(mono_ns());
}

int HttpPollSession::on_socket(CURL* /*easy*/, curl_socket_t s, int what, void* self,
                               void* /*socketp*/) noexcept {
  auto* session = static_cast<HttpPollSession*>(self);
  if (s < 0) {
    return 0;
  }
  auto& reg = session->registered_;
  if (static_cast<size_t>(s) >= reg.size()) {
    reg.resize(static_cast<size_t>(s) + 1024, false);
  }
  if (what == CURL_POLL_REMOVE) {
    if (reg[static_cast<size_t>(s)]) {
      epoll_ctl(session->epoll_fd_, EPOLL_CTL_DEL, s, nullptr);
      reg[static_cast<size_t>(s)] = false;
    }
    return 0;
  }
  epoll_event ev{};
  ev.events = ((what & CURL_POLL_IN) ? EPOLLIN : 0u) | ((what & CURL_POLL_OUT) ? EPOLLOUT : 0u);
  ev.data.fd = s;
  const int op = reg[static_cast<size_t>(s)] ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
  if (epoll_ctl(session->epoll_fd_, op, s, &ev) == 0) {
    reg[static_cast<size_t>(s)] = true;
  }
  return 0;
}

int HttpPollSession::on_timer(CURLM* /*multi*/, long timeout_ms, void* self) noexcept {
  auto* session = static_cast<HttpPollSession*>(self);
  session->curl_due_ns_ = timeout_ms < 0 ? -1 : mono_ns() + timeout_ms * kNsPerMs;
  return 0;
}

size_t HttpPollSession::on_write(char* data, size_t size, size_t n, void* client) noexcept {
  auto* c = static_cast<PollClient*>(client);
  try {
    c->body.append(data, size * n);
  } catch (...) {
    return 0;  // curl aborts this transfer (CURLE_WRITE_ERROR), counted as an error
  }
  c->last_rx_ns = mono_ns();
  return size * n;
}

curl_socket_t HttpPollSession::on_open(void* self, curlsocktype /*purpose*/,
                                       curl_sockaddr* addr) noexcept {
  const int fd = socket(addr->family, addr->socktype | SOCK_CLOEXEC, addr->protocol);
  if (fd >= 0) {
    static_cast<HttpPollSession*>(self)->m_.sockets().on_open(fd);
  }
  return fd < 0 ? CURL_SOCKET_BAD : fd;
}

int HttpPollSession::on_close(void* self, curl_socket_t fd) noexcept {
  static_cast<HttpPollSession*>(self)->m_.sockets().on_close(fd);
  return close(fd);
}

}  // namespace

std::unique_ptr<Session> make_http_poll_session(const ClientOptions& options, Measurement& m) {
  return std::make_unique<HttpPollSession>(options, m);
}

}  // namespace pushbench
