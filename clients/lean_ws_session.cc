// The ws transport's clients without libwebsockets (--ws-engine lean): one non-blocking socket
// per client on one epoll loop, the upgrade request built by ws_handshake.h (lws' bytes, a fresh
// key per connection, the server's accept checked), the server's frames read by
// ws_client_frames.h and reassembled by the same WsMessage rules as the lws client. It shows the
// floor of a WebSocket client's cost, so that a handshake rate measures the server rather than
// the lws client (bench/scenarios/handshakes.sh), as the lean HTTP engine does for polling.
// Downstream only: pings are answered, but no upstream messages (chat, game), no
// permessage-deflate and no TLS (client_options.cc refuses those).
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "client_links.h"
#include "client_options.h"
#include "clock.h"
#include "event.h"
#include "event_delivery.h"
#include "fd.h"
#include "lean_connection.h"
#include "measurement.h"
#include "rng.h"
#include "server_address.h"
#include "session.h"
#include "socket_meter.h"
#include "stop_flag.h"
#include "wakeup.h"
#include "ws_client_frames.h"
#include "ws_handshake.h"
#include "ws_message.h"

namespace pushbench {
namespace {
// Handshakes in flight at once, as the lws client's kMaxHandshakes (ws_session.cc).
constexpr int kMaxHandshakes = 256;
constexpr size_t kReadChunk = 64 * 1024;

enum class Phase : uint8_t { kConnecting, kRequest, kResponse, kOpen };

struct LeanWsClient {
  LeanConnection conn;  // the lean HTTP engine's: non-blocking connect, metered, epoll-watched
  Phase phase = Phase::kConnecting;
  std::string out;  // bytes not yet written: the request, then pongs (EPOLLOUT watched meanwhile)
  size_t out_sent = 0;
  WsHandshakeResponse response;
  std::string rx;  // a frame that arrived in part
  WsMessage message{static_cast<size_t>(kMaxPayloadBytes)};
  bool message_text = true;  // the message in progress began with a text frame
};

class LeanWsSession final : public Session {
 public:
  LeanWsSession(const ClientOptions& options, Measurement& m);
  LeanWsSession(const LeanWsSession&) = delete;
  LeanWsSession& operator=(const LeanWsSession&) = delete;
  ~LeanWsSession() override { close_all(); }

  void run() override;

 private:
  void connect(int index);
  void on_ready(int index, uint32_t events);
  bool flush(int index);
  void receive(int index);
  bool on_bytes(int index, std::string_view bytes, int64_t rx_ns);
  bool on_frames(int index, std::string_view bytes, int64_t rx_ns);
  bool on_frame(int index, const WsFrame& f, int64_t rx_ns);
  void on_open(int index);
  void lose(int index);
  void close_link(LeanWsClient& c) noexcept;
  void close_all() noexcept;
  int client_id(int index) const noexcept { return first_client_ + index; }

  Measurement& m_;
  int first_client_;
  ServerAddress server_;
  std::string host_port_;  // Host and Origin
  Fd epoll_;
  std::vector<LeanWsClient> clients_;
  ClientLinks links_;  // kConnecting until the 101 was read
  Rng rng_;            // keys and masks
  std::vector<char> rx_;
};

LeanWsSession::LeanWsSession(const ClientOptions& options, Measurement& m)
    : m_(m),
      first_client_(options.first_client),
      server_(resolve_server(options.host, options.port)),
      host_port_(options.host.find(':') == std::string::npos
                     ? fmt::format("{}:{}", options.host, options.port)
                     : fmt::format("[{}]:{}", options.host, options.port)),
      epoll_(epoll_create1(EPOLL_CLOEXEC)),
      clients_(static_cast<size_t>(options.count)),
      links_(m, options.count, mono_ns(), AdmissionLimits{.max_in_flight = kMaxHandshakes}),
      rng_(options.workload.seed ^ static_cast<uint64_t>(mono_ns())),
      rx_(kReadChunk) {
  if (!epoll_) {
    throw std::runtime_error(fmt::format("epoll_create1: {}", std::strerror(errno)));
  }
}

void LeanWsSession::run() {
  std::array<epoll_event, 1024> events{};
  while (!stop_requested()) {
    const int64_t now = mono_ns();
    m_.tick(now);
    links_.admit(now, [this](int index) { connect(index); });
    const int64_t until = wake_at_ns(now, {m_.next_edge_ns(), links_.next_due_ns()});
    const int n = epoll_wait(epoll_.get(), events.data(), static_cast<int>(events.size()),
                             wait_timeout_ms(now, until));
    if (n < 0 && errno != EINTR) {
      throw std::runtime_error(fmt::format("epoll_wait: {}", std::strerror(errno)));
    }
    for (int i = 0; i < n; ++i) {
      const epoll_event& ev = events[static_cast<size_t>(i)];
      on_ready(static_cast<int>(ev.data.u64), ev.events);
    }
  }
  m_.tick(mono_ns());
  close_all();
}

void LeanWsSession::connect(int index) {
  LeanWsClient& c = clients_[static_cast<size_t>(index)];
  c.phase = Phase::kConnecting;
  c.out.clear();
  c.out_sent = 0;
  c.rx.clear();
  c.message.clear();
  if (!c.conn.open(server_, m_.source_addr_be(), m_.sockets(), epoll_.get(),
                   static_cast<uint64_t>(index))) {
    lose(index);  // EMFILE and the like: counted, retried
  }
}

void LeanWsSession::on_ready(int index, uint32_t events) {
  if (index < 0 || static_cast<size_t>(index) >= clients_.size() || !links_.active(index)) {
    return;  // an event for a socket this client has already closed
  }
  LeanWsClient& c = clients_[static_cast<size_t>(index)];
  switch (c.phase) {
    case Phase::kConnecting: {
      if (!c.conn.connected()) {
        lose(index);
        return;
      }
      // A fresh 16-byte nonce per connection (RFC 6455 §4.1), as lws draws one.
      std::array<uint8_t, 16> nonce{};
      for (size_t i = 0; i < nonce.size(); i += 8) {
        const uint64_t r = rng_.next();
        std::memcpy(nonce.data() + i, &r, 8);
      }
      const std::string key = ws_key(nonce);
      c.response.reset(key);
      c.out = ws_upgrade_request(fmt::format("/ws?client={}", client_id(index)), host_port_, key);
      c.phase = Phase::kRequest;
      [[fallthrough]];
    }
    case Phase::kRequest:
      if (flush(index) && c.out.empty()) {
        c.phase = Phase::kResponse;  // flush() watches EPOLLIN alone once the request is out
      }
      return;
    case Phase::kResponse:
    case Phase::kOpen:
      if ((events & (EPOLLIN | EPOLLHUP | EPOLLERR)) != 0) {
        receive(index);
      }
      if ((events & EPOLLOUT) != 0 && links_.state(index) == LinkState::kOpen) {
        flush(index);
      }
      return;
  }
}

// Writes what the socket takes of c.out; the rest waits for EPOLLOUT. False: the connection was
// lost.
bool LeanWsSession::flush(int index) {
  LeanWsClient& c = clients_[static_cast<size_t>(index)];
  while (c.out_sent < c.out.size()) {
    const ssize_t n =
        send(c.conn.fd(), c.out.data() + c.out_sent, c.out.size() - c.out_sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (c.phase == Phase::kOpen && !c.conn.watch(EPOLLIN | EPOLLOUT)) {
        lose(index);
        return false;
      }
      return true;  // while connecting EPOLLOUT is still watched
    }
    if (n <= 0) {
      lose(index);
      return false;
    }
    c.out_sent += static_cast<size_t>(n);
  }
  c.out.clear();
  c.out_sent = 0;
  if (!c.conn.watch(EPOLLIN)) {  // no system call when EPOLLIN alone is watched already
    lose(index);
    return false;
  }
  return true;
}

// One read per wake-up (level-triggered), a second only when the buffer came back full.
void LeanWsSession::receive(int index) {
  LeanWsClient& c = clients_[static_cast<size_t>(index)];
  while (true) {
    const ssize_t n = read(c.conn.fd(), rx_.data(), rx_.size());
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      return;
    }
    if (n <= 0) {
      lose(index);  // EOF or reset: the server never closes a healthy WebSocket
      return;
    }
    const int64_t rx_ns = mono_ns();  // CLOCK_MONOTONIC when these bytes were read
    if (!on_bytes(index, std::string_view(rx_.data(), static_cast<size_t>(n)), rx_ns)) {
      return;  // lost
    }
    if (static_cast<size_t>(n) < rx_.size()) {
      return;
    }
  }
}

bool LeanWsSession::on_bytes(int index, std::string_view bytes, int64_t rx_ns) {
  LeanWsClient& c = clients_[static_cast<size_t>(index)];
  if (c.phase == Phase::kResponse) {
    switch (c.response.add(bytes)) {
      case WsHandshakeResponse::Status::kPartial:
        return true;
      case WsHandshakeResponse::Status::kRefused:
        ++m_.counters().err_status;
        lose(index);
        return false;
      case WsHandshakeResponse::Status::kAccepted:
        break;
    }
    on_open(index);
    bytes.remove_prefix(c.response.frames_offset());
  }
  return on_frames(index, bytes, rx_ns);
}

void LeanWsSession::on_open(int index) {
  LeanWsClient& c = clients_[static_cast<size_t>(index)];
  c.phase = Phase::kOpen;
  links_.opened(index);  // a handshake slot is free
  m_.on_request(false);  // the handshake is this transport's one HTTP request
  if (m_.window_open()) {
    // Nothing but the handshake has crossed this socket yet: its request and response headers.
    if (auto tcp = read_tcp_counters(c.conn.fd())) {
      m_.on_header_bytes(tcp->bytes_sent + tcp->bytes_received);
    }
  }
  ++m_.counters().ws_established;
}

// Whole frames straight from the read buffer; only a frame cut by the read is kept (c.rx).
bool LeanWsSession::on_frames(int index, std::string_view bytes, int64_t rx_ns) {
  LeanWsClient& c = clients_[static_cast<size_t>(index)];
  const bool buffered = !c.rx.empty();
  if (buffered) {
    c.rx.append(bytes);
    bytes = c.rx;
  }
  while (!bytes.empty()) {
    const WsFrame f = parse_server_frame(bytes, static_cast<size_t>(kMaxPayloadBytes));
    if (f.status == WsFrame::Status::kPartial) {
      break;
    }
    if (f.status == WsFrame::Status::kBad) {
      ++m_.counters().err_protocol;
      lose(index);
      return false;
    }
    if (!on_frame(index, f, rx_ns)) {
      return false;
    }
    bytes.remove_prefix(f.size);
  }
  if (buffered) {
    c.rx.erase(0, c.rx.size() - bytes.size());
  } else {
    c.rx.assign(bytes);
  }
  return true;
}

bool LeanWsSession::on_frame(int index, const WsFrame& f, int64_t rx_ns) {
  LeanWsClient& c = clients_[static_cast<size_t>(index)];
  switch (static_cast<WsOpcode>(f.opcode)) {
    case WsOpcode::kPing: {
      const bool waiting = !c.out.empty();  // bytes already wait for EPOLLOUT: the pong joins them
      append_client_frame(c.out, WsOpcode::kPong, f.payload, static_cast<uint32_t>(rng_.next()));
      return waiting || flush(index);
    }
    case WsOpcode::kPong:
      return true;
    case WsOpcode::kClose:
      lose(index);  // the server never closes a healthy WebSocket
      return false;
    case WsOpcode::kText:
    case WsOpcode::kBinary:
      c.message_text = f.opcode == static_cast<uint8_t>(WsOpcode::kText);
      break;
    case WsOpcode::kContinuation:
      break;
  }
  switch (c.message.add(f.payload, f.fin, c.message_text)) {
    case WsMessage::Status::kPartial:
      return true;
    case WsMessage::Status::kTooLarge:
    case WsMessage::Status::kBadUtf8:
      ++m_.counters().err_protocol;
      lose(index);
      return false;
    case WsMessage::Status::kComplete:
      break;
  }
  if (!c.message_text) {
    ++m_.counters().err_protocol;
  } else {
    deliver_event(m_, client_id(index), c.message.message(), rx_ns);
  }
  c.message.clear();
  return true;
}

// A failed connect or handshake, or a dropped connection: closed, then counted and retried.
void LeanWsSession::lose(int index) {
  close_link(clients_[static_cast<size_t>(index)]);
  links_.failed(index, mono_ns(), stop_requested());
}

void LeanWsSession::close_link(LeanWsClient& c) noexcept {
  c.conn.close();  // out of the epoll set, then through the meter (final TCP_INFO counters)
  c.rx.clear();
  c.out.clear();
  c.out_sent = 0;
  c.message.clear();
}

void LeanWsSession::close_all() noexcept {
  for (LeanWsClient& c : clients_) {
    close_link(c);
  }
  links_.idle_all();
}

}  // namespace

std::unique_ptr<Session> make_lean_ws_session(const ClientOptions& options, Measurement& m) {
  return std::make_unique<LeanWsSession>(options, m);
}

}  // namespace pushbench
