// The ws transport's clients: one libwebsockets client context on the libev loop, one WebSocket
// per client to GET /ws?client=ID, each text message one event (docs/contract.md,
// docs/method.md), admitted, opened and retried by the connection layer (ClientLinks). Chat and
// game messages go up the same WebSocket, one text frame each.
#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <fmt/format.h>
#include <libwebsockets.h>

#include "client_links.h"
#include "client_options.h"
#include "clock.h"
#include "event.h"
#include "event_delivery.h"
#include "lws_handles.h"
#include "measurement.h"
#include "session.h"
#include "stop_flag.h"
#include "upstream_pacer.h"
#include "wakeup.h"
#include "ws_deflate.h"
#include "ws_message.h"

namespace pushbench {
namespace {
// Handshakes in flight at once: 10,000 simultaneous connects would overflow the server's
// accept backlog (and lws' header-table pool); the next ones start as these finish.
constexpr int kMaxHandshakes = 256;
// The server's WebSocket receive buffer (memory parity, docs/method.md) as the floor. lws 4.1.6
// also caps each recv() at this size (plus LWS_PRE): with 128 B a 4 KiB event took ~29 syscalls
// and saturated the client, so the buffer holds one whole event frame (payload + header).
constexpr size_t kMinRxBuffer = 128;
constexpr size_t kMaxWsHeader = 14;  // 2 + 8 (64-bit length) + 4 (mask, never from a server)

size_t rx_buffer_for(int payload_bytes) noexcept {
  return std::max(kMinRxBuffer, static_cast<size_t>(payload_bytes) + kMaxWsHeader);
}

// lws per-connection user data is raw C memory, so it stays trivially copyable. One slot per
// client, owned by the session and given to lws as connect_info.userdata (lws then neither
// allocates nor frees it), so the id is there from lws' first callback, even a
// CONNECTION_ERROR raised inside lws_client_connect_via_info().
struct WsClientData {
  int client;
};
static_assert(std::is_trivially_copyable_v<WsClientData>);

struct OutMessage {
  int64_t planned_ns;  // CLOCK_MONOTONIC
  std::string json;
};

// The protocol side of one client's connection, indexed by client - first_client (its life is
// in ClientLinks).
struct ClientLink {
  lws* wsi = nullptr;    // the current connection; null between connections
  int fd = -1;           // its socket while open: lws_get_socket_fd() is gone by WSI_DESTROY
  bool deflate = false;  // the server accepted permessage-deflate on the current connection
  WsMessage rx{static_cast<size_t>(kMaxPayloadBytes)};  // a message arriving in pieces
  // Upstream (chat, game): messages not yet written, in plan order, kept across reconnects;
  // out[out_head..] are waiting.
  std::vector<OutMessage> out;
  size_t out_head = 0;
};

class WsSession final : public Session {
 public:
  WsSession(const ClientOptions& options, Measurement& m);
  WsSession(const WsSession&) = delete;
  WsSession& operator=(const WsSession&) = delete;
  ~WsSession() override = default;

  void run() override;

 private:
  static int callback(lws* wsi, lws_callback_reasons reason, void* user, void* in,
                      size_t len) noexcept;
  static void on_library_signal(void* handle, int signum) noexcept;
  int dispatch(lws* wsi, lws_callback_reasons reason, int index, void* in, size_t len);
  void connect(int index);
  void on_established(lws* wsi, ClientLink& link, int index);
  int on_receive(lws* wsi, int index, const char* in, size_t len);
  void on_connect_failed(ClientLink& link, int index);
  void on_closed(ClientLink& link, int index);
  void pump() noexcept;
  void send_due() noexcept;
  int on_writeable(lws* wsi, ClientLink& link);
  void on_edge() noexcept;
  void on_stop_check() noexcept;

  Measurement& m_;
  std::string address_;
  std::string host_header_;     // Host and Origin: "host:port"
  std::string source_address_;  // --source-address, empty = the kernel's choice
  int port_;
  bool tls_;  // wss (--tls-ca)
  int first_client_;
  std::vector<WsClientData> data_;
  std::vector<ClientLink> conns_;
  ClientLinks links_;  // kConnecting until the handshake is done
  bool stopping_ = false;
  std::array<lws_protocols, 2> protocols_{};
  LwsExtensions extensions_{};  // ws-deflate only; lws keeps the pointer: outlives ctx_
  UpstreamPacer pacer_;
  std::vector<unsigned char> tx_;  // LWS_PRE + one message: lws_write masks it in place
  LwsTimer send_timer_;
  LwsTimer pump_timer_;
  LwsTimer edge_timer_;
  LwsTimer stop_check_;
  LwsContext ctx_;  // last member: destroyed first, while everything it calls into still exists
};

WsSession::WsSession(const ClientOptions& options, Measurement& m)
    : m_(m),
      address_(options.host),
      host_header_(options.host.find(':') == std::string::npos
                       ? fmt::format("{}:{}", options.host, options.port)
                       : fmt::format("[{}]:{}", options.host, options.port)),
      source_address_(options.source_address),
      port_(options.port),
      tls_(options.tls()),
      first_client_(options.first_client),
      data_(static_cast<size_t>(options.count)),
      conns_(static_cast<size_t>(options.count)),
      links_(m, options.count, mono_ns(), AdmissionLimits{.max_in_flight = kMaxHandshakes}),
      pacer_(options),
      send_timer_(make_timer<WsSession, &WsSession::send_due>(this)),
      pump_timer_(make_timer<WsSession, &WsSession::pump>(this)),
      edge_timer_(make_timer<WsSession, &WsSession::on_edge>(this)),
      stop_check_(make_timer<WsSession, &WsSession::on_stop_check>(this)) {
  for (size_t i = 0; i < data_.size(); ++i) {
    data_[i].client = first_client_ + static_cast<int>(i);
  }
  lws_set_log_level(LLL_ERR, nullptr);
  protocols_[0].name = "pushbench-ws-client";
  protocols_[0].callback = &WsSession::callback;
  protocols_[0].per_session_data_size = sizeof(WsClientData);
  protocols_[0].rx_buffer_size = rx_buffer_for(options.workload.payload_bytes);

  lws_context_creation_info info{};
  info.port = CONTEXT_PORT_NO_LISTEN;
  info.protocols = protocols_.data();
  info.user = this;
  info.options = LWS_SERVER_OPTION_LIBEV;  // the server's loop too (fairness, docs/method.md)
  info.signal_cb = &WsSession::on_library_signal;
  info.max_http_header_pool = kMaxHandshakes;  // one header table per handshake in flight
  if (options.transport == Transport::kWsDeflate) {
    extensions_ = permessage_deflate_extensions(options.deflate_offer);  // in every handshake
    info.extensions = extensions_.data();
  }
  if (tls_) {
    // wss: lws' OpenSSL set up by this context (without the global init flag its client TLS
    // context is never made), trusting only the run's certificate (read now), offering only
    // the pinned version and HTTP/1.1 in ALPN (as the server: no WebSocket over HTTP/2).
    info.options |= LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
    info.client_ssl_ca_filepath = options.tls_ca_path.c_str();
    info.ssl_client_options_set = openssl_options_pinning(options.tls_version);
    info.alpn = "http/1.1";
  }
  ctx_.reset(lws_create_context(&info));
  if (!ctx_) {
    throw std::runtime_error("cannot create the libwebsockets client context on libev");
  }
}

void WsSession::run() {
  pump_timer_.schedule(ctx_.get(), 0);
  edge_timer_.schedule(ctx_.get(), m_.next_edge_ns() - mono_ns());
  stop_check_.schedule(ctx_.get(), kStopCheckNs);
  if (pacer_.active()) {
    send_timer_.schedule(ctx_.get(), pacer_.next_due_ns() - mono_ns());
  }
  // On an event library lws_service() runs the loop until the context is destroyed (from the
  // stop timer); the loop condition only matters if it returns earlier.
  while (!stopping_ && lws_service(ctx_.get(), 0) >= 0) {
  }
  ctx_.reset();
}

// libev's plugin installs its own SIGINT watcher while the context is created; if that handler
// is the one in place, without this callback it would only break the loop. Route it to the stop
// flag like SIGTERM.
void WsSession::on_library_signal(void* /*handle*/, int /*signum*/) noexcept { request_stop(); }

void WsSession::on_stop_check() noexcept {
  m_.tick(mono_ns());  // gives up on a server that stopped answering
  if (!stop_requested()) {
    stop_check_.schedule(ctx_.get(), kStopCheckNs);
    return;
  }
  stopping_ = true;
  m_.tick(mono_ns());
  pump_timer_.cancel();
  edge_timer_.cancel();
  send_timer_.cancel();
  // The lws 4.1 event-library way (as servers/server.cc): destroying the context from a timer
  // on its own loop closes every connection (CLIENT_CLOSED runs for each, fd still open), then
  // lws_service() returns and run() destroys it for good.
  lws_context_destroy(ctx_.get());
}

void WsSession::on_edge() noexcept {
  const int64_t now = mono_ns();
  m_.tick(now);
  const int64_t next = m_.next_edge_ns();
  if (next != std::numeric_limits<int64_t>::max()) {
    // +1 us: the timer has microsecond resolution and must not fire just before the edge.
    edge_timer_.schedule(ctx_.get(), next - now + 1000);
  }
}

// Queues every upstream message now due; an open client is asked for a WRITEABLE callback, one
// that is connecting or waiting to retry sends its queue once it is open (on_established).
void WsSession::send_due() noexcept {
  if (stopping_) {
    return;
  }
  const int64_t now = mono_ns();
  try {
    pacer_.send_due(now, [this](int client, int64_t planned_ns, std::string_view message) {
      const int index = client - first_client_;
      ClientLink& link = conns_[static_cast<size_t>(index)];
      link.out.push_back({planned_ns, std::string(message)});
      if (links_.state(index) == LinkState::kOpen && link.out.size() - link.out_head == 1) {
        lws_callback_on_writable(link.wsi);  // already requested if more were waiting
      }
    });
  } catch (...) {
    ++m_.counters().upstream_failed;  // out of memory queueing a message
  }
  if (pacer_.active()) {
    // +1 us: the timer has microsecond resolution and must not fire just before the send.
    send_timer_.schedule(ctx_.get(), pacer_.next_due_ns() - now + 1000);
  }
}

// Starts the connects the layer admits (kMaxHandshakes in flight at most: first every client
// once, then reconnects whose delay has passed). Runs from its timer, never inside an lws
// callback.
void WsSession::pump() noexcept {
  if (stopping_) {
    return;
  }
  const int64_t now = mono_ns();
  try {
    links_.admit(now, [this](int index) { connect(index); });
  } catch (...) {
    m_.on_connect_error();
  }
  if (const int64_t next = links_.next_due_ns(); next != Admission::kNever) {
    pump_timer_.schedule(ctx_.get(), next - now);
  }
}

void WsSession::connect(int index) {
  ClientLink& link = conns_[static_cast<size_t>(index)];
  WsClientData& data = data_[static_cast<size_t>(index)];
  std::array<char, 48> path{};
  fmt::format_to_n(path.data(), path.size() - 1, "/ws?client={}", data.client);

  lws_client_connect_info info{};
  info.context = ctx_.get();
  info.address = address_.c_str();
  info.port = port_;
  info.path = path.data();  // lws copies address, path, host and origin into the new wsi
  info.host = host_header_.c_str();
  info.origin = host_header_.c_str();
  info.protocol = nullptr;  // no subprotocol: the server's /ws does not ask for one
  info.local_protocol_name = protocols_[0].name;
  info.userdata = &data;
  info.retry_and_idle_policy = &kLwsNoValidityCheck;  // no O(connections) timer per handshake
  // lws binds to it with port 0 (no IP_BIND_ADDRESS_NO_PORT: each bound port is reserved for
  // every destination), so `pushbench run` gives ws shards none (bench/run/shard_plan.h).
  info.iface = source_address_.empty() ? nullptr : source_address_.c_str();
  if (tls_) {
    // The certificate is checked against the Host header's address (lws strips the port).
    info.ssl_connection = LCCSCF_USE_SSL;
    info.alpn = "http/1.1";
  }
  link.wsi = nullptr;
  link.deflate = false;
  lws* wsi = lws_client_connect_via_info(&info);
  if (links_.state(index) != LinkState::kConnecting) {
    return;  // CONNECTION_ERROR already ran inside the call
  }
  if (wsi == nullptr) {
    on_connect_failed(link, index);  // failed without a callback
    return;
  }
  link.wsi = wsi;
}

int WsSession::callback(lws* wsi, lws_callback_reasons reason, void* user, void* in,
                        size_t len) noexcept {
  auto* data = static_cast<WsClientData*>(user);
  if (wsi == nullptr || data == nullptr) {
    return lws_callback_http_dummy(wsi, reason, user, in, len);  // context-level callbacks
  }
  auto* self = static_cast<WsSession*>(lws_context_user(lws_get_context(wsi)));
  const int index = data->client - self->first_client_;
  if (index < 0 || static_cast<size_t>(index) >= self->conns_.size()) {
    return lws_callback_http_dummy(wsi, reason, user, in, len);
  }
  try {
    return self->dispatch(wsi, reason, index, in, len);
  } catch (...) {
    ++self->m_.counters().err_protocol;
    return -1;  // never let an exception cross the C frame; this connection closes
  }
}

int WsSession::dispatch(lws* wsi, lws_callback_reasons reason, int index, void* in, size_t len) {
  ClientLink& link = conns_[static_cast<size_t>(index)];
  const LinkState state = links_.state(index);
  // A callback for a connection this client has already left behind is ignored.
  const bool current = link.wsi == wsi || (link.wsi == nullptr && state == LinkState::kConnecting);
  switch (reason) {
    case LWS_CALLBACK_CLIENT_ESTABLISHED:
      if (current && state == LinkState::kConnecting) {
        on_established(wsi, link, index);
      }
      return 0;
    case LWS_CALLBACK_CLIENT_FILTER_PRE_ESTABLISH:
      // The last callback with the response headers still attached (gone by ESTABLISHED).
      if (current && state == LinkState::kConnecting) {
        link.deflate = server_accepted_permessage_deflate(wsi);
      }
      return 0;
    case LWS_CALLBACK_CLIENT_RECEIVE:
      return current && state == LinkState::kOpen
                 ? on_receive(wsi, index, static_cast<const char*>(in), len)
                 : 0;
    case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
      if (current && state == LinkState::kConnecting) {
        on_connect_failed(link, index);
      }
      return 0;
    case LWS_CALLBACK_CLIENT_WRITEABLE:
      return current && state == LinkState::kOpen && !stopping_ ? on_writeable(wsi, link) : 0;
    case LWS_CALLBACK_CLIENT_CLOSED:
      if (current && state == LinkState::kOpen) {
        on_closed(link, index);
      }
      return 0;
    case LWS_CALLBACK_WSI_DESTROY:
      // Backstop: a connection that went away without CONNECTION_ERROR or CLIENT_CLOSED.
      if (link.wsi == wsi && state == LinkState::kConnecting) {
        on_connect_failed(link, index);
      } else if (link.wsi == wsi && state == LinkState::kOpen) {
        on_closed(link, index);
      }
      return 0;
    default:
      break;
  }
  return lws_callback_http_dummy(wsi, reason, &data_[static_cast<size_t>(index)], in, len);
}

void WsSession::on_established(lws* wsi, ClientLink& link, int index) {
  links_.opened(index);  // a handshake slot is free
  link.wsi = wsi;
  link.fd = lws_get_socket_fd(wsi);
  link.rx.clear();
  m_.sockets().on_open(link.fd);
  m_.on_request(false);  // the handshake is this transport's one HTTP request
  if (m_.window_open()) {
    // Nothing but the handshake has crossed this socket yet: its request and response headers.
    if (auto tcp = read_tcp_counters(link.fd)) {
      m_.on_header_bytes(tcp->bytes_sent + tcp->bytes_received);
    }
  }
  ++m_.counters().ws_established;
  if (link.deflate) {
    ++m_.counters().deflate_negotiated;
  }
  pump_timer_.schedule(ctx_.get(), 0);  // a handshake slot is free
  if (link.out_head < link.out.size()) {
    lws_callback_on_writable(wsi);  // messages that came due while it was connecting
  }
}

// One frame per WRITEABLE (lws writes only from here, with LWS_PRE bytes of headroom before the
// payload); asks for the next callback while messages wait. The frame counts as sent when
// lws_write() took it (lws buffers a partial socket write itself).
int WsSession::on_writeable(lws* wsi, ClientLink& link) {
  if (link.out_head == link.out.size()) {
    return 0;
  }
  OutMessage& msg = link.out[link.out_head];
  tx_.resize(LWS_PRE + msg.json.size());
  std::copy(msg.json.begin(), msg.json.end(), tx_.begin() + LWS_PRE);
  const int written = lws_write(wsi, tx_.data() + LWS_PRE, msg.json.size(), LWS_WRITE_TEXT);
  if (written < 0) {
    return -1;  // the connection is unusable: CLOSED follows; this message is retried after
  }
  m_.on_message_sent(msg.planned_ns, mono_ns());
  if (++link.out_head == link.out.size()) {
    link.out.clear();
    link.out_head = 0;
  } else {
    lws_callback_on_writable(wsi);
  }
  return 0;
}

// RECEIVE delivers at most rx_buffer_size bytes at a time: a message is complete when this is the
// final fragment of its frame and nothing of the frame is left (the server's rules, WsMessage).
// A message arriving whole is parsed straight from lws' buffer; only fragmented ones are copied.
int WsSession::on_receive(lws* wsi, int index, const char* in, size_t len) {
  ClientLink& link = conns_[static_cast<size_t>(index)];
  const bool text = lws_frame_is_binary(wsi) == 0;
  switch (link.rx.add(std::string_view(in, len), lws_is_final_fragment(wsi) != 0, text)) {
    case WsMessage::Status::kPartial:
      return 0;
    case WsMessage::Status::kTooLarge:
    case WsMessage::Status::kBadUtf8:
      ++m_.counters().err_protocol;
      return -1;  // no event is this long, or not text: drop the connection
    case WsMessage::Status::kComplete:
      break;
  }
  const int64_t rx_ns = mono_ns();  // the event's last bytes were just read
  if (!text) {
    ++m_.counters().err_protocol;
  } else {
    deliver_event(m_, first_client_ + index, link.rx.message(), rx_ns);
  }
  link.rx.clear();
  return 0;
}

void WsSession::on_connect_failed(ClientLink& link, int index) {
  link.wsi = nullptr;
  link.rx.clear();
  links_.failed(index, mono_ns(), stopping_);
  if (!stopping_) {
    pump_timer_.schedule(ctx_.get(), 0);  // a handshake slot is free
  }
}

void WsSession::on_closed(ClientLink& link, int index) {
  m_.sockets().on_close(link.fd);  // CLIENT_CLOSED runs before lws closes the socket
  link.fd = -1;
  link.wsi = nullptr;
  link.rx.clear();
  links_.failed(index, mono_ns(), stopping_);  // the server never closes a healthy WebSocket
  if (!stopping_) {
    pump_timer_.schedule(ctx_.get(), 0);  // re-arms itself for the retry's due time
  }
}

}  // namespace

std::unique_ptr<Session> make_ws_session(const ClientOptions& options, Measurement& m) {
  return std::make_unique<WsSession>(options, m);
}

}  // namespace pushbench
