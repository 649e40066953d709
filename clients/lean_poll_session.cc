// poll, poll-close and longpoll clients on the lean HTTP engine (--http-engine lean): what a
// client's CPU per request costs without a general-purpose HTTP library, as wrk measures a
// server. One epoll loop, one non-blocking socket per client (LeanConnection), one GET per client
// built once with only its cursor rewritten (LeanRequest), responses read by http-parser
// (LeanResponse). The same timeline decides when each client asks (PollTimeline), the same
// Measurement calls record what it got (record_poll_response), and the request bytes are
// libcurl's, so the two engines differ only in what the client process spends. Plain HTTP/1.1
// only: no TLS, no HTTP/2, no POST /send (http_engine.h refuses those).
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fmt/format.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "churn.h"
#include "client_options.h"
#include "clock.h"
#include "fd.h"
#include "lean_connection.h"
#include "lean_request.h"
#include "lean_response.h"
#include "measurement.h"
#include "poll_response.h"
#include "poll_timeline.h"
#include "server_address.h"
#include "session.h"
#include "stop_flag.h"
#include "wakeup.h"

namespace pushbench {
namespace {

constexpr size_t kReadChunk = 64 * 1024;

struct LeanClient {
  LeanClient(int client_id, LeanRequest req) : id(client_id), request(std::move(req)) {}

  int id;
  LeanRequest request;
  LeanResponse response;
  LeanConnection conn;
  size_t sent = 0;          // bytes of the request written
  int64_t after = -1;       // highest seq received: acknowledges everything up to it
  int64_t last_rx_ns = 0;   // when the bytes that completed the response were read
  uint32_t generation = 0;  // of conn: events of an earlier connection are stale
  bool connecting = false;  // conn's TCP handshake is not done
  bool reused = false;      // the request went out on a kept-alive connection
  bool ready = false;       // connected once: reported to the measurement
};

class LeanPollSession final : public Session {
 public:
  LeanPollSession(const ClientOptions& options, Measurement& m);
  LeanPollSession(const LeanPollSession&) = delete;
  LeanPollSession& operator=(const LeanPollSession&) = delete;
  ~LeanPollSession() override = default;

  void run() override;

 private:
  static uint64_t tag(int index, uint32_t generation) noexcept {
    return (uint64_t{generation} << 32) | static_cast<uint32_t>(index);
  }
  LeanClient& at(int index) noexcept { return clients_[static_cast<size_t>(index)]; }
  void start_request(int index);
  void connect(int index);
  void on_ready(uint64_t tag, uint32_t events);
  void send_request(int index);
  void receive(int index);
  void lost(int index, bool read_nothing);
  void complete(int index);
  void fail(int index);
  void finished(int index, bool answered);
  void churn(int index);

  Measurement& m_;
  const ServerAddress server_;
  const bool close_each_;  // poll-close: a new connection per request
  Fd epoll_;               // before clients_: their connections leave the set as they close
  PollTimeline timeline_;
  Churn churn_;
  std::vector<char> rx_;  // one read buffer for every socket (one loop, one thread)
  std::vector<LeanClient> clients_;
};

LeanPollSession::LeanPollSession(const ClientOptions& options, Measurement& m)
    : m_(m),
      server_(resolve_server(options.host, options.port)),
      close_each_(options.transport == Transport::kPollClose),
      epoll_(epoll_create1(EPOLL_CLOEXEC)),
      timeline_(options, mono_ns()),
      churn_(options.count, options.churn_pct_per_s, options.workload.seed, mono_ns()),
      rx_(kReadChunk) {
  if (!epoll_) {
    throw std::runtime_error(fmt::format("epoll_create1: {}", std::strerror(errno)));
  }
  const std::string_view path = timeline_.long_poll() ? "longpoll" : "poll";
  clients_.reserve(static_cast<size_t>(options.count));
  for (int i = 0; i < options.count; ++i) {
    const int id = options.first_client + i;
    clients_.emplace_back(id, LeanRequest(path, id, options.host, options.port, close_each_));
  }
}

void LeanPollSession::run() {
  std::array<epoll_event, 1024> events{};
  while (!stop_requested()) {
    const int64_t now = mono_ns();
    m_.tick(now);
    timeline_.start_due(now, [this](int index) { start_request(index); });
    churn_.due(now, [this](int index) { churn(index); });
    const int64_t until =
        wake_at_ns(now, {m_.next_edge_ns(), timeline_.next_due_ns(), churn_.next_due_ns()});
    const int n = epoll_wait(epoll_.get(), events.data(), static_cast<int>(events.size()),
                             wait_timeout_ms(now, until));
    if (n < 0 && errno != EINTR) {
      throw std::runtime_error(fmt::format("epoll_wait: {}", std::strerror(errno)));
    }
    for (int i = 0; i < n; ++i) {
      on_ready(events[static_cast<size_t>(i)].data.u64, events[static_cast<size_t>(i)].events);
    }
  }
  m_.tick(mono_ns());
}

// The request of client `index` goes out: on its kept-alive connection, else on a new one.
void LeanPollSession::start_request(int index) {
  LeanClient& c = at(index);
  c.response.reset();
  c.sent = 0;
  c.request.with_cursor(c.after);
  if (c.conn && !close_each_) {
    c.reused = true;
    send_request(index);
  } else {
    connect(index);
  }
}

void LeanPollSession::connect(int index) {
  LeanClient& c = at(index);
  c.reused = false;
  c.connecting = true;
  ++c.generation;
  if (!c.conn.open(server_, m_.source_addr_be(), m_.sockets(), epoll_.get(),
                   tag(index, c.generation))) {
    fail(index);  // EMFILE, a failed bind and the like: counted, retried by the timeline
  }
}

void LeanPollSession::on_ready(uint64_t t, uint32_t events) {
  const auto index = static_cast<int>(t & 0xffffffffu);
  if (index < 0 || static_cast<size_t>(index) >= clients_.size()) {
    return;
  }
  LeanClient& c = at(index);
  if (!c.conn || c.generation != static_cast<uint32_t>(t >> 32)) {
    return;  // an event of a connection this client has closed since
  }
  if (c.connecting) {
    if (!c.conn.connected()) {
      fail(index);
      return;
    }
    c.connecting = false;
    if (!c.ready) {
      c.ready = true;  // as curl's: connected, its first request about to go out
      m_.on_client_ready();
    }
    send_request(index);
    return;
  }
  if ((events & EPOLLOUT) != 0 && c.sent < c.request.text().size()) {
    send_request(index);
  } else if ((events & (EPOLLIN | EPOLLHUP | EPOLLERR)) != 0) {
    receive(index);
  }
}

// Writes what is left of the request; the rest waits for EPOLLOUT. Then waits for the response.
void LeanPollSession::send_request(int index) {
  LeanClient& c = at(index);
  const std::string_view text = c.request.text();
  while (c.sent < text.size()) {
    const ssize_t n = send(c.conn.fd(), text.data() + c.sent, text.size() - c.sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (!c.conn.watch(EPOLLIN | EPOLLOUT)) {
        fail(index);
      }
      return;
    }
    if (n <= 0) {
      lost(index, true);
      return;
    }
    c.sent += static_cast<size_t>(n);
  }
  if (!c.conn.watch(EPOLLIN)) {
    fail(index);
  }
}

// One read per wake-up (level-triggered: what is left wakes the next epoll_wait), a second only
// when the buffer came back full.
void LeanPollSession::receive(int index) {
  LeanClient& c = at(index);
  while (true) {
    const ssize_t n = read(c.conn.fd(), rx_.data(), rx_.size());
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      return;
    }
    if (!timeline_.in_flight(index)) {
      // An idle kept-alive connection: the server closed it (its idle timeout), or sent bytes
      // nobody asked for. Either way it is done; the next request opens another.
      if (n > 0) {
        ++m_.counters().err_protocol;
      }
      c.conn.close();
      return;
    }
    if (n <= 0) {
      if (n == 0 && c.response.feed_eof() == LeanResponse::Progress::kComplete) {
        c.last_rx_ns = mono_ns();
        complete(index);
      } else {
        lost(index, !c.response.started());
      }
      return;
    }
    c.last_rx_ns = mono_ns();  // CLOCK_MONOTONIC when these bytes were read
    switch (c.response.feed(std::string_view(rx_.data(), static_cast<size_t>(n)))) {
      case LeanResponse::Progress::kMore:
        break;
      case LeanResponse::Progress::kComplete:
        complete(index);
        return;
      case LeanResponse::Progress::kError:
        fail(index);  // not HTTP: as curl, a failed transfer
        return;
    }
    if (static_cast<size_t>(n) < rx_.size()) {
      return;
    }
  }
}

// The connection dropped during a request. As libcurl does, a request on a kept-alive connection
// that the server had closed before it read anything of it is sent again on a new connection
// (the server's idle timeout raced the request); anything else failed.
void LeanPollSession::lost(int index, bool read_nothing) {
  LeanClient& c = at(index);
  if (c.reused && read_nothing) {
    c.conn.close();
    c.response.reset();
    c.sent = 0;
    connect(index);
    return;
  }
  fail(index);
}

void LeanPollSession::complete(int index) {
  LeanClient& c = at(index);
  // As libcurl counts them: the whole request (headers only) and the response's status line and
  // headers.
  m_.on_header_bytes(c.request.text().size() + c.response.header_bytes());
  record_poll_response(m_, c.id, c.response.status(), c.response.body(), c.last_rx_ns, c.after);
  if (close_each_ || !c.response.keep_alive()) {
    c.conn.close();
  }
  finished(index, true);
}

void LeanPollSession::fail(int index) {
  LeanClient& c = at(index);
  c.conn.close();
  c.connecting = false;
  m_.on_connect_error();
  finished(index, false);
}

void LeanPollSession::finished(int index, bool answered) {
  timeline_.finished(index, answered, mono_ns(), m_.counters(),
                     [this](int i) { start_request(i); });
}

// --churn (long polls only): the held poll's connection is dropped and the poll asked again at
// once on a new one; `after` still acknowledges what the client has, so the server answers from
// there.
void LeanPollSession::churn(int index) {
  if (!timeline_.in_flight(index)) {
    return;  // waiting to retry a failed poll
  }
  at(index).conn.close();
  ++m_.counters().churn_reconnects;
  start_request(index);
}

}  // namespace

std::unique_ptr<Session> make_lean_poll_session(const ClientOptions& options, Measurement& m) {
  return std::make_unique<LeanPollSession>(options, m);
}

}  // namespace pushbench
