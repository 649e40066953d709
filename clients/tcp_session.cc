// The tcp transport's clients: one raw, non-blocking TCP socket per client on one epoll loop,
// admitted, opened and retried by the connection layer (ClientLinks).
// Each client writes "ID\n" once, then reads newline-terminated events (docs/contract.md): no
// framing and no library between the socket and the event parser, the floor of every transport.
// With --tls-ca the same bytes go through TLS (OpenSSL on the socket, after the TCP handshake):
// the floor of every transport over TLS.
// Chat and game messages go up the same socket after the id line, one per line.
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <openssl/ssl.h>

#include "client_links.h"
#include "client_options.h"
#include "clock.h"
#include "event.h"
#include "event_delivery.h"
#include "fd.h"
#include "line_buffer.h"
#include "measurement.h"
#include "server_address.h"
#include "session.h"
#include "source_address.h"
#include "stop_flag.h"
#include "tls_client.h"
#include "tls_config.h"
#include "upstream_pacer.h"
#include "wakeup.h"

namespace pushbench {
namespace {
// Connects (and id writes) in flight at once: 10,000 simultaneous SYNs would overflow the
// server's accept backlog; the next ones start as these finish.
constexpr int kMaxConnecting = 256;
constexpr size_t kReadChunk = 64 * 1024;

// The end of one upstream message in TcpClient::out.
struct OutMessage {
  size_t end;          // offset just past its '\n'
  int64_t planned_ns;  // CLOCK_MONOTONIC
};

struct TcpClient {
  Fd fd;
  SslPtr tls;              // --tls-ca: the connection's TLS session
  bool connected = false;  // while connecting: the TCP handshake is done (then TLS's, if any:
                           // SSL_is_init_finished; then the id line goes out)
  bool watch_out = false;  // EPOLLOUT watched while open: upstream bytes wait for room
  size_t id_sent = 0;      // bytes of the "ID\n" line written on this connection
  LineBuffer lines{static_cast<size_t>(kMaxPayloadBytes)};  // one event per line
  // Upstream (chat, game): messages + '\n' not yet handed to send(), kept across reconnects.
  std::string out;
  size_t out_sent = 0;  // bytes of out already written
  std::vector<OutMessage> out_messages;
  size_t out_next = 0;  // first message of out_messages not completely written
};

class TcpSession final : public Session {
 public:
  TcpSession(const ClientOptions& options, Measurement& m);
  TcpSession(const TcpSession&) = delete;
  TcpSession& operator=(const TcpSession&) = delete;
  ~TcpSession() override { close_all(); }

  void run() override;

 private:
  void connect(int index);
  void on_ready(int index, uint32_t events);
  void on_connected(int index);
  void handshake(int index);
  void send_id(int index);
  ssize_t read_some(TcpClient& c, char* buf, size_t len);
  ssize_t write_some(TcpClient& c, const char* buf, size_t len);
  void receive(int index);
  void queue_message(int index, int64_t planned_ns, std::string_view message);
  void flush(int index);
  void drop_partial_message(TcpClient& c) noexcept;
  void lose(int index);
  void close_link(TcpClient& c, bool orderly = false) noexcept;
  void close_all() noexcept;
  bool watch(TcpClient& c, int index, int op, uint32_t events) noexcept;
  int client_id(int index) const noexcept { return first_client_ + index; }

  Measurement& m_;
  int first_client_;
  ServerAddress server_;
  Fd epoll_;
  std::vector<TcpClient> clients_;
  ClientLinks links_;     // kConnecting until the id line is written
  std::vector<char> rx_;  // one read buffer for every socket (one loop, one thread)
  UpstreamPacer pacer_;
  SslCtxPtr tls_ctx_;  // --tls-ca: every connection's TLS settings
  std::string tls_host_;
  bool tls_failure_said_ = false;
};

TcpSession::TcpSession(const ClientOptions& options, Measurement& m)
    : m_(m),
      first_client_(options.first_client),
      server_(resolve_server(options.host, options.port)),
      epoll_(epoll_create1(EPOLL_CLOEXEC)),
      clients_(static_cast<size_t>(options.count)),
      links_(m, options.count, mono_ns(), AdmissionLimits{.max_in_flight = kMaxConnecting}),
      rx_(kReadChunk),
      pacer_(options) {
  if (!epoll_) {
    throw std::runtime_error(fmt::format("epoll_create1: {}", std::strerror(errno)));
  }
  if (options.tls()) {
    // As the other clients: the run's certificate checked for the server's address, the version
    // pinned, the cipher suites OpenSSL offers by default (the server picks the one it allows).
    std::string error;
    tls_ctx_ = make_tls_client_context(options.tls_ca_path, error);
    if (!tls_ctx_) {
      throw std::runtime_error(fmt::format("--tls-ca: {}", error));
    }
    SSL_CTX_set_options(tls_ctx_.get(),
                        static_cast<uint64_t>(openssl_options_pinning(options.tls_version)));
    // A write may be taken in part (the rest is retried from a buffer that may have moved).
    SSL_CTX_set_mode(tls_ctx_.get(),
                     SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    tls_host_ = options.host;
  }
}

void TcpSession::run() {
  std::array<epoll_event, 1024> events{};
  while (!stop_requested()) {
    const int64_t now = mono_ns();
    m_.tick(now);
    links_.admit(now, [this](int index) { connect(index); });
    if (pacer_.active()) {
      pacer_.send_due(now, [this](int client, int64_t planned_ns, std::string_view message) {
        queue_message(client - first_client_, planned_ns, message);
      });
    }
    const int64_t until =
        wake_at_ns(now, {m_.next_edge_ns(), links_.next_due_ns(), pacer_.next_due_ns()});
    const int n = epoll_wait(epoll_.get(), events.data(), static_cast<int>(events.size()),
                             wait_timeout_ms(now, until));
    if (n < 0 && errno != EINTR) {
      throw std::runtime_error(fmt::format("epoll_wait: {}", std::strerror(errno)));
    }
    for (int i = 0; i < n; ++i) {
      const epoll_event& ev = events[static_cast<size_t>(i)];
      on_ready(static_cast<int>(ev.data.u32), ev.events);
    }
  }
  m_.tick(mono_ns());
  close_all();
}

void TcpSession::connect(int index) {
  TcpClient& c = clients_[static_cast<size_t>(index)];
  c.fd.reset(socket(server_.addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  c.connected = false;
  c.id_sent = 0;
  c.watch_out = false;
  c.lines.clear();
  if (!c.fd) {
    lose(index);  // EMFILE and the like: counted, retried
    return;
  }
  m_.sockets().on_open(c.fd.get());
  const int one = 1;
  if (setsockopt(c.fd.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) != 0 ||
      !bind_source_address(c.fd.get(), m_.source_addr_be())) {
    lose(index);
    return;
  }
  const int rc =
      ::connect(c.fd.get(), reinterpret_cast<const sockaddr*>(&server_.addr), server_.len);
  if ((rc != 0 && errno != EINPROGRESS) || !watch(c, index, EPOLL_CTL_ADD, EPOLLOUT)) {
    lose(index);
  }
}

void TcpSession::on_ready(int index, uint32_t events) {
  if (index < 0 || static_cast<size_t>(index) >= clients_.size()) {
    return;
  }
  switch (links_.state(index)) {
    case LinkState::kConnecting: {
      const TcpClient& c = clients_[static_cast<size_t>(index)];
      if (!c.connected) {
        on_connected(index);
      } else if (c.tls && !SSL_is_init_finished(c.tls.get())) {
        handshake(index);
      } else {
        send_id(index);
      }
      return;
    }
    case LinkState::kOpen:
      if ((events & (EPOLLIN | EPOLLHUP | EPOLLERR)) != 0) {
        receive(index);
      }
      // Still open after the read: upstream bytes waiting for room go on.
      if ((events & EPOLLOUT) != 0 && links_.state(index) == LinkState::kOpen) {
        flush(index);
      }
      return;
    case LinkState::kIdle:
    case LinkState::kRetryWait:
      return;  // an event for a socket this client has already closed
  }
}

// The non-blocking connect finished (writable, or an error): SO_ERROR says which.
void TcpSession::on_connected(int index) {
  TcpClient& c = clients_[static_cast<size_t>(index)];
  int err = 0;
  socklen_t len = sizeof err;
  if (getsockopt(c.fd.get(), SOL_SOCKET, SO_ERROR, &err, &len) != 0 || err != 0) {
    lose(index);
    return;
  }
  c.connected = true;
  if (tls_ctx_) {
    c.tls = make_tls_client_session(tls_ctx_.get(), tls_host_, c.fd.get());
    if (!c.tls) {
      lose(index);
      return;
    }
    handshake(index);
    return;
  }
  send_id(index);
}

// One step of the TLS handshake; the socket is watched for what OpenSSL waits on next. A failed
// handshake (the certificate, the version) is a failed connect, counted and retried.
void TcpSession::handshake(int index) {
  TcpClient& c = clients_[static_cast<size_t>(index)];
  const int rc = SSL_do_handshake(c.tls.get());
  if (rc == 1) {
    send_id(index);
    return;
  }
  const int err = SSL_get_error(c.tls.get(), rc);
  if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) {
    if (!watch(c, index, EPOLL_CTL_MOD, err == SSL_ERROR_WANT_READ ? EPOLLIN : EPOLLOUT)) {
      lose(index);
    }
    return;
  }
  if (!tls_failure_said_ && !stop_requested()) {
    // Once per process: every failure is counted (err_connect), the first one also says why.
    tls_failure_said_ = true;
    fmt::print(stderr,
               "pushbench-client: tcp: the TLS handshake with {} failed: {} (counted as a "
               "connect error, retried)\n",
               tls_host_, tls_failure(c.tls.get()));
  }
  lose(index);
}

// What one call on a client's connection did, as read_some and write_some say it: > 0 bytes, 0
// nothing now (the socket is watched), -1 the connection is gone. A plain socket call is retried
// after EINTR; a TLS call that waits on the socket (either way) is "nothing now".
template <typename Call>
ssize_t plain_io(Call call) {
  while (true) {
    const ssize_t n = call();
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      return 0;
    }
    return n > 0 ? n : -1;
  }
}

ssize_t tls_io(SSL* ssl, int rc, size_t n) {
  if (rc == 1) {
    return static_cast<ssize_t>(n);
  }
  const int err = SSL_get_error(ssl, rc);
  return err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE ? 0 : -1;
}

// At most `len` bytes from the connection into `buf` (-1 also on EOF, reset or close_notify).
ssize_t TcpSession::read_some(TcpClient& c, char* buf, size_t len) {
  if (c.tls) {
    size_t n = 0;
    const int rc = SSL_read_ex(c.tls.get(), buf, len, &n);  // before n is read
    return tls_io(c.tls.get(), rc, n);
  }
  return plain_io([&] { return read(c.fd.get(), buf, len); });
}

// At most `len` bytes of `buf` to the connection. Over TLS a write that found no room is retried
// with the same bytes (OpenSSL's rule).
ssize_t TcpSession::write_some(TcpClient& c, const char* buf, size_t len) {
  if (c.tls) {
    size_t n = 0;
    const int rc = SSL_write_ex(c.tls.get(), buf, len, &n);  // before n is read
    return tls_io(c.tls.get(), rc, n);
  }
  return plain_io([&] { return send(c.fd.get(), buf, len, MSG_NOSIGNAL); });
}

// Writes what is left of "ID\n" (normally all of it at once); then waits for events only.
void TcpSession::send_id(int index) {
  TcpClient& c = clients_[static_cast<size_t>(index)];
  std::array<char, 24> line{};
  const auto end = fmt::format_to_n(line.data(), line.size(), "{}\n", client_id(index)).out;
  const auto total = static_cast<size_t>(end - line.data());
  while (c.id_sent < total) {
    const ssize_t n = write_some(c, line.data() + c.id_sent, total - c.id_sent);
    if (n == 0) {
      // The rest goes when the socket is writable (after a TLS handshake that ended on a read,
      // EPOLLOUT is watched from here).
      if (!watch(c, index, EPOLL_CTL_MOD, EPOLLOUT)) {
        lose(index);
      }
      return;
    }
    if (n < 0) {
      lose(index);
      return;
    }
    c.id_sent += static_cast<size_t>(n);
  }
  if (!watch(c, index, EPOLL_CTL_MOD, EPOLLIN)) {
    lose(index);
    return;
  }
  links_.opened(index);
  if (c.out_sent < c.out.size()) {
    flush(index);  // messages that came due while it was connecting
  }
}

// One read per wake-up (level-triggered: what is left wakes the next epoll_wait), a second only
// when the buffer came back full. Over TLS reads go on until OpenSSL has nothing left: a record
// it has taken from the socket in part would wake no epoll_wait. Every line a read completes
// carries that read's time.
void TcpSession::receive(int index) {
  TcpClient& c = clients_[static_cast<size_t>(index)];
  while (true) {
    const ssize_t n = read_some(c, rx_.data(), rx_.size());
    if (n == 0) {
      return;
    }
    if (n < 0) {
      lose(index);  // EOF or reset: the server never closes a healthy connection
      return;
    }
    const int64_t rx_ns = mono_ns();  // CLOCK_MONOTONIC when these bytes were read
    const std::string_view chunk(rx_.data(), static_cast<size_t>(n));
    if (!c.lines.feed(chunk, [&](std::string_view line) {
          deliver_event(m_, client_id(index), line, rx_ns);
        })) {
      ++m_.counters().err_protocol;  // a line longer than any event: the stream is unusable
      lose(index);
      return;
    }
    if (!c.tls && static_cast<size_t>(n) < rx_.size()) {
      return;
    }
  }
}

// A message is written at once while the connection is open, else when it is (next).
void TcpSession::queue_message(int index, int64_t planned_ns, std::string_view message) {
  TcpClient& c = clients_[static_cast<size_t>(index)];
  c.out.append(message);
  c.out.push_back('\n');
  c.out_messages.push_back({c.out.size(), planned_ns});
  if (links_.state(index) == LinkState::kOpen && !c.watch_out) {
    flush(index);
  }
}

// Writes what the socket takes; the rest waits for EPOLLOUT. A message counts as sent when its
// last byte was handed to send().
void TcpSession::flush(int index) {
  TcpClient& c = clients_[static_cast<size_t>(index)];
  while (c.out_sent < c.out.size()) {
    const ssize_t n = write_some(c, c.out.data() + c.out_sent, c.out.size() - c.out_sent);
    if (n == 0) {
      if (!c.watch_out) {
        c.watch_out = watch(c, index, EPOLL_CTL_MOD, EPOLLIN | EPOLLOUT);
        if (!c.watch_out) {
          lose(index);
        }
      }
      return;
    }
    if (n < 0) {
      lose(index);
      return;
    }
    c.out_sent += static_cast<size_t>(n);
    const int64_t now = mono_ns();
    while (c.out_next < c.out_messages.size() && c.out_messages[c.out_next].end <= c.out_sent) {
      m_.on_message_sent(c.out_messages[c.out_next++].planned_ns, now);
    }
  }
  c.out.clear();
  c.out_sent = 0;
  c.out_messages.clear();
  c.out_next = 0;
  if (c.watch_out) {
    c.watch_out = false;
    if (!watch(c, index, EPOLL_CTL_MOD, EPOLLIN)) {
      lose(index);
    }
  }
}

// The connection is gone: what was written of the first unfinished message is lost with it, so
// that message is dropped (counted as a failed send); the whole ones behind it go on the next
// connection.
void TcpSession::drop_partial_message(TcpClient& c) noexcept {
  size_t cut = c.out_next == 0 ? 0 : c.out_messages[c.out_next - 1].end;
  if (c.out_sent > cut) {
    const OutMessage& partial = c.out_messages[c.out_next++];
    m_.on_upstream_request(partial.planned_ns, false);
    cut = partial.end;
  }
  c.out.erase(0, cut);
  c.out_messages.erase(c.out_messages.begin(),
                       c.out_messages.begin() + static_cast<std::ptrdiff_t>(c.out_next));
  for (OutMessage& msg : c.out_messages) {
    msg.end -= cut;
  }
  c.out_sent = 0;
  c.out_next = 0;
}

// A failed connect or a dropped connection: closed, then counted and retried by the layer.
void TcpSession::lose(int index) {
  TcpClient& c = clients_[static_cast<size_t>(index)];
  close_link(c);
  drop_partial_message(c);
  links_.failed(index, mono_ns(), stop_requested());
}

// `orderly`: the run is over, and a TLS connection says so (close_notify, as the libcurl and lws
// clients send theirs) before its counters are read.
void TcpSession::close_link(TcpClient& c, bool orderly) noexcept {
  if (c.tls) {
    if (orderly && SSL_is_init_finished(c.tls.get())) {
      SSL_shutdown(c.tls.get());  // non-blocking: sends close_notify, does not wait for the reply
    }
    c.tls.reset();
  }
  if (c.fd) {
    m_.sockets().on_close(c.fd.get());  // reads the final TCP_INFO counters: before close(2)
    c.fd.reset();                       // close(2) also removes it from the epoll set
  }
  c.lines.clear();
}

void TcpSession::close_all() noexcept {
  for (TcpClient& c : clients_) {
    close_link(c, true);
  }
  links_.idle_all();
}

bool TcpSession::watch(TcpClient& c, int index, int op, uint32_t events) noexcept {
  epoll_event ev{};
  ev.events = events;
  ev.data.u32 = static_cast<uint32_t>(index);
  return epoll_ctl(epoll_.get(), op, c.fd.get(), &ev) == 0;
}

}  // namespace

std::unique_ptr<Session> make_tcp_session(const ClientOptions& options, Measurement& m) {
  return std::make_unique<TcpSession>(options, m);
}

}  // namespace pushbench
