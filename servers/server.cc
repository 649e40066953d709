// pushbench-server: context set-up, callback dispatch, stop.
#include "server.h"

#include <netdb.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "clock.h"
#include "fd_limit.h"
#include "h2_limits.h"
#include "http_longpoll.h"
#include "http_poll.h"
#include "http_request_check.h"
#include "http_response.h"
#include "http_send.h"
#include "http_sse.h"
#include "latency_json.h"
#include "latency_samples.h"
#include "stop_flag.h"
#include "subscriber.h"
#include "tcp_push.h"
#include "ws_inflate_guard.h"
#include "ws_push.h"

namespace pushbench {
namespace {
constexpr int64_t kHousekeepingNs = 50 * kNsPerMs;
// 128 B: WebSocket receive buffers sized for notifications (4 KiB default cost 5.2 KiB RSS per
// idle connection, 128 B cost 1.4 KiB; docs/method.md).
constexpr size_t kWsRxBuffer = 128;
constexpr size_t kWsTxPacket = 1 << 20;
// Seconds a request may take to arrive: from accept to its first byte, and a stalled body (lws'
// timeout_secs); the header block from its first byte (lws' timeout_secs_ah_idle); and a whole
// POST /send body (http_send.cc).
constexpr int kRequestTimeoutS = 10;

uint64_t loop_option(LoopKind k) {
  switch (k) {
    case LoopKind::kLibev:
      return LWS_SERVER_OPTION_LIBEV;
    case LoopKind::kLibuv:
      return LWS_SERVER_OPTION_LIBUV;
    case LoopKind::kPoll:
      return 0;
  }
  return 0;
}

// Why lws could not listen: bind the same address ourselves and report errno.
std::string bind_problem(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
  addrinfo* res = nullptr;
  if (getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &res) != 0) {
    return "not a numeric address";
  }
  std::string why = "libwebsockets could not create the context";
  int fd = socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd >= 0) {
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, res->ai_addr, res->ai_addrlen) != 0) {
      why = std::strerror(errno);
    }
    close(fd);
  }
  freeaddrinfo(res);
  return why;
}

nlohmann::json lag_json(LatencyRecorder& lag) { return lag_us_json(lag.summarize()); }
}  // namespace

Server::Server(const ServerOptions& options)
    : state_(options),
      sink_(make_feed_sink(options)),
      feed_(options.workload, options.epoch_mono_ns, state_.mailboxes, sink_.get(),
            options.feed_dir.empty()),
      pinger_(state_),
      reaper_(static_cast<int64_t>(options.idle_timeout_s) * kNsPerSec),
      guard_(raise_fd_limit(), options.dead_peer_s),
      demo_(options.demo_dir),
      housekeeping_(make_timer<Server, &Server::on_housekeeping>(this)) {
  protocols_[0].name = "pushbench";
  protocols_[0].callback = &Server::callback<&Server::on_http_protocol>;
  protocols_[0].per_session_data_size = sizeof(HttpSession);
  protocols_[0].rx_buffer_size = kWsRxBuffer;
  protocols_[0].tx_packet_size = kWsTxPacket;

  lws_context_creation_info info{};
  info.port = options.port;
  info.iface = options.host.c_str();
  info.protocols = protocols_.data();
  // Offered to every WebSocket client; only a client that asks for it (ws-deflate) negotiates
  // it, so plain ws connections stay uncompressed. lws' permessage-deflate refuses a protocol
  // whose rx_buffer_size is below 128 (kWsRxBuffer is exactly 128). Behind a guard: with this
  // buffer lws 4.1.6 aborts on some compressed messages (ws_inflate_guard.h).
  extensions_ = guarded_permessage_deflate_extensions();
  info.extensions = extensions_.data();
  info.user = this;
  info.mounts = demo_.mounts();
  info.options = loop_option(options.loop);
  if (options.host.find(':') == std::string::npos) {
    info.options |= LWS_SERVER_OPTION_DISABLE_IPV6;
  }
  // lws' header tables are allocated on demand up to this many at once, and each is given back
  // as soon as its request was read (a held long poll or SSE stream returns its own): sized so
  // that open files, not header tables, are the limit.
  info.max_http_header_pool2 = static_cast<unsigned>(std::max<int64_t>(1024, raise_fd_limit()));
  info.timeout_secs = kRequestTimeoutS;
  info.timeout_secs_ah_idle = kRequestTimeoutS;
  info.keepalive_timeout = options.idle_timeout_s;
  info.retry_and_idle_policy = &kLwsNoValidityCheck;  // no O(connections) timer per handshake
  if (options.tls()) {
    configure_tls(info);
  } else if (options.h2) {
    // h2c with prior knowledge (RFC 9113 §3.3): every plaintext connection on this vhost speaks
    // HTTP/2 from its first byte. Not the HTTP/1.1 Upgrade: lws 4.1.6 answers the second stream
    // of an upgraded connection with a GOAWAY (PROTOCOL_ERROR). Only the HTTP/2 transports' runs
    // start a server with --h2; raw TCP has a vhost of its own.
    configure_h2(info);
    info.options |= LWS_SERVER_OPTION_H2_PRIOR_KNOWLEDGE;
  }
  if (options.loop == LoopKind::kLibev) {
    // The loop lws would make for itself, but ours, so that rearm_ can watch it too.
    loop_ = make_ev_loop();
    if (!loop_) {
      throw std::runtime_error("libev cannot create a loop");
    }
    foreign_loop_ = loop_.get();
    info.foreign_loops = &foreign_loop_;
  }
  // lws logs its own view of a failed bind on three lines; the error below says it in one.
  lws_set_log_level(0, nullptr);
  ctx_.reset(lws_create_context(&info));
  lws_set_log_level(LLL_ERR, lwsl_emit_stderr);
  if (!ctx_) {
    throw std::runtime_error(fmt::format("cannot listen on {}:{} with the {} loop: {}",
                                         options.host, options.port, name(options.loop),
                                         bind_problem(options.host, options.port)));
  }
  lws_vhost* vh = lws_get_vhost_by_name(ctx_.get(), "default");
  port_ = vh != nullptr ? lws_get_vhost_listen_port(vh) : options.port;
  if (vh == nullptr || !state_.held.start(vh, protocols_[0].name)) {
    throw std::runtime_error("cannot watch held streams in the lws loop");
  }
  // Before the ready line, as the held streams' epoll set: every descriptor the server keeps for
  // itself is open by then (a test counts the ones clients add).
  feed_.attach(vh, protocols_[0].name);
  create_tcp_vhost();
  if (options.keepalive_rearm) {
    rearm_.start(loop_.get());
  }
}

void Server::configure_tls(lws_context_creation_info& info) const {
  const ServerOptions& o = state_.options;
  configure_tls_keys(info);
  // HTTP/1.1 only unless --h2: lws would otherwise offer h2 to every client and with it
  // WebSocket over HTTP/2, whose permessage-deflate path is broken in 4.1.6.
  info.alpn = o.h2 ? "h2,http/1.1" : "http/1.1";
  if (o.h2) {
    configure_h2(info);
  }
}

// What every TLS vhost of the server shares: the certificate, the one version and cipher suite,
// the handshake accounting.
void Server::configure_tls_keys(lws_context_creation_info& info) const {
  const ServerOptions& o = state_.options;
  // A vhost's own options: without DO_SSL_GLOBAL_INIT there lws 4.1.6 silently serves plain
  // HTTP (or raw TCP) on a "TLS" vhost.
  info.options |= LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
  info.ssl_cert_filepath = o.tls_cert_path.c_str();
  info.ssl_private_key_filepath = o.tls_key_path.c_str();
  info.ssl_options_set = openssl_options_pinning(o.tls_version);
  // One cipher suite for every transport (the clients offer several; this is the only one).
  if (o.tls_version == TlsVersion::kTls13) {
    info.tls1_3_plus_cipher_list = tls_cipher_suite(o.tls_version);
  } else {
    info.ssl_cipher_list = tls_cipher_suite(o.tls_version);
  }
  info.ssl_info_event_mask = kTlsInfoEvents;
}

// lws 4.1.6's HTTP/2 defaults would cut the benchmark short (h2_limits.h): it advertises 24
// concurrent streams and answers the 25th with a GOAWAY for the whole connection, and it times
// out a stream the client has half-closed (every GET) unless the vhost allows long polls. With
// that option every stream is "immortal": it has no lws timeout of its own (the long-poll hang
// timeout is the server's, expire_long_polls) and the connection's keep-alive timeout runs only
// while it has no stream open.
void Server::configure_h2(lws_context_creation_info& info) const {
  // Once [0] is non-zero lws copies settings 1..5 from info (header table size, push,
  // concurrent streams, initial window, frame size): its own stock values but for the streams.
  static_assert(H2SET_MAX_CONCURRENT_STREAMS == 3 && H2SET_MAX_FRAME_SIZE == 5);
  const uint32_t settings[] = {1, 65536, 0, kH2MaxConcurrentStreams, 0, 16384};
  std::copy(std::begin(settings), std::end(settings), info.http2_settings);
  info.options |= LWS_SERVER_OPTION_VH_H2_HALF_CLOSED_LONG_POLL;
}

// Raw TCP listens on a port of its own (any free one), on the same context and loop; with
// --tls-cert over TLS (lws' raw-skt role accepts it, no ALPN), the floor of the TLS transports.
void Server::create_tcp_vhost() {
  tcp_protocols_[0].name = "pushbench-tcp";
  tcp_protocols_[0].callback = &Server::callback<&Server::on_tcp_protocol>;
  tcp_protocols_[0].per_session_data_size = sizeof(TcpSession);
  tcp_protocols_[0].rx_buffer_size = kWsRxBuffer;
  tcp_protocols_[0].tx_packet_size = kWsTxPacket;
  lws_context_creation_info info{};
  info.vhost_name = "tcp";
  info.port = 0;
  info.iface = state_.options.host.c_str();
  info.protocols = tcp_protocols_.data();
  info.listen_accept_role = "raw-skt";
  info.listen_accept_protocol = tcp_protocols_[0].name;
  info.options = LWS_SERVER_OPTION_ADOPT_APPLY_LISTEN_ACCEPT_CONFIG;
  if (state_.options.host.find(':') == std::string::npos) {
    info.options |= LWS_SERVER_OPTION_DISABLE_IPV6;
  }
  if (state_.options.tls()) {
    configure_tls_keys(info);
  }
  lws_vhost* vh = lws_create_vhost(ctx_.get(), &info);
  if (vh == nullptr) {
    throw std::runtime_error(fmt::format("cannot listen for raw TCP on {}: {}", state_.options.host,
                                         bind_problem(state_.options.host, 0)));
  }
  tcp_port_ = lws_get_vhost_listen_port(vh);
}

Server::~Server() {
  feed_.stop();
  pinger_.stop();
}

void Server::run() {
  feed_.start(ctx_.get());
  pinger_.start(ctx_.get());
  housekeeping_.schedule(ctx_.get(), kHousekeepingNs);
  // On an event library lws_service() runs the loop until the context is destroyed (from the
  // stop timer); on lws' own poll() loop it returns after each wait.
  while (!stopping_ && lws_service(ctx_.get(), 0) >= 0) {
  }
  feed_.stop();
  pinger_.stop();
  housekeeping_.cancel();
  ctx_.reset();
}

void Server::on_housekeeping() noexcept {
  if (!stop_requested()) {
    const int64_t now = mono_ns();
    expire_long_polls(state_, now);
    reaper_.sweep(now);
    guard_.resume_if_due(now);
    if (state_.options.sse_heartbeat_s > 0 && now >= next_heartbeat_ns_) {
      if (next_heartbeat_ns_ != 0) {
        sse_heartbeat(state_);
      }
      next_heartbeat_ns_ = now + static_cast<int64_t>(state_.options.sse_heartbeat_s) * kNsPerSec;
    }
    housekeeping_.schedule(ctx_.get(), kHousekeepingNs);
    return;
  }
  stopping_ = true;
  feed_.stop();
  pinger_.stop();
  // lws does not read an HTTP connection whose response is still open, so a long poll or SSE
  // client that hung up stays in CLOSE_WAIT unnoticed (until the next write fails), and the
  // context's graceful close would wait for it for ever: close those now.
  for (int client = 0; client < state_.mailboxes.size(); ++client) {
    lws* waiter = state_.mailboxes.at(client).waiter;
    const Subscriber* sub = waiter != nullptr ? subscriber_of(waiter) : nullptr;
    if (sub != nullptr &&
        (sub->kind == SubscriberKind::kLongPoll || sub->kind == SubscriberKind::kSse)) {
      lws_set_timeout(waiter, PENDING_TIMEOUT_CLOSE_SEND, LWS_TO_KILL_SYNC);
    }
  }
  if (state_.options.loop != LoopKind::kPoll) {
    // The lws 4.1 event-library way: destroying the context from a timer on its own loop closes
    // every connection asynchronously, then lws_service() returns.
    lws_context_destroy(ctx_.get());
    if (loop_) {
      // What lws does to a loop of its own at this point (and leaves to the owner of a foreign
      // one): end lws_service()'s ev_run.
      ev_break(loop_.get(), EVBREAK_ONE);
    }
  } else {
    // lws' poll() loop runs ripe timers before it waits: wake the wait so run() sees stopping_.
    lws_cancel_service(ctx_.get());
  }
}

int Server::on_http(lws* wsi, const char* path, size_t path_len, HttpSession& session) {
  ++state_.counters.http_requests;
  if (is_h2_stream(wsi)) {
    ++state_.counters.h2_requests;
    session.h2_connection = lws_get_network_wsi(wsi);
    h2_max_open_streams_ =
        std::max(h2_max_open_streams_, ++h2_open_streams_[session.h2_connection]);
  }
  reaper_.forget(wsi);  // a request arrived: no longer idle
  const std::string problem = request_problem(wsi, std::string_view(path, path_len));
  if (!problem.empty()) {
    ++state_.counters.bad_requests;
    send_text_response(wsi, state_.scratch, HTTP_STATUS_BAD_REQUEST, problem);
    return -1;  // what follows on this connection cannot be trusted to be a request
  }
  if (lws_hdr_total_length(wsi, WSI_TOKEN_POST_URI) > 0) {
    return serve_send(state_, wsi, path, session.sub);
  }
  if (lws_hdr_total_length(wsi, WSI_TOKEN_GET_URI) <= 0) {
    ++state_.counters.bad_requests;
    send_text_response(wsi, state_.scratch, HTTP_STATUS_METHOD_NOT_ALLOWED,
                       "only GET (and POST /send) is served");
    return -1;  // a request body may follow: close rather than parse it as the next request
  }
  if (std::strcmp(path, "/poll") == 0) {
    return serve_poll(state_, wsi);
  }
  if (std::strcmp(path, "/longpoll") == 0) {
    return serve_longpoll(state_, wsi, session);
  }
  if (std::strcmp(path, "/sse") == 0) {
    return serve_sse(state_, wsi, session);
  }
  if (std::strcmp(path, "/clock") == 0 && demo_.mounts() != nullptr) {
    return serve_clock(state_, wsi);
  }
  if (std::strcmp(path, "/send") == 0) {
    ++state_.counters.bad_requests;
    return send_text_response(wsi, state_.scratch, HTTP_STATUS_METHOD_NOT_ALLOWED,
                              "/send takes POST with the message as body");
  }
  if (std::strcmp(path, "/ws") == 0) {
    ++state_.counters.bad_requests;
    return send_text_response(wsi, state_.scratch, HTTP_STATUS_BAD_REQUEST,
                              "GET /ws needs Upgrade: websocket");
  }
  if (std::strcmp(path, "/") == 0) {
    return send_text_response(
        wsi, state_.scratch, HTTP_STATUS_OK,
        fmt::format("pushbench-server: GET /poll?client=ID&after=SEQ, "
                    "GET /longpoll?client=ID&after=SEQ, GET /sse?client=ID, GET /ws?client=ID "
                    "(WebSocket), POST /send?client=ID (chat, game: one message), raw TCP on "
                    "port {} (write ID and a newline, then one message per line); client ids "
                    "0..{}",
                    tcp_port_, state_.mailboxes.size() - 1));
  }
  ++state_.counters.bad_requests;
  return send_text_response(wsi, state_.scratch, HTTP_STATUS_NOT_FOUND,
                            fmt::format("no such endpoint: {}", path));
}

template <int (Server::*Handler)(lws*, lws_callback_reasons, void*, void*, size_t)>
int Server::callback(lws* wsi, lws_callback_reasons reason, void* user, void* in,
                     size_t len) noexcept {
  auto* self = static_cast<Server*>(lws_context_user(lws_get_context(wsi)));
  if (reason == LWS_CALLBACK_FILTER_NETWORK_CONNECTION) {
    // Asked of the listening vhost's first protocol (the HTTP port's or the raw TCP port's).
    // `user` is lws' accept record here, not per-session data; `in` is the accepted socket.
    return self->guard_.on_accept(wsi, static_cast<int>(reinterpret_cast<intptr_t>(in)));
  }
  try {
    return (self->*Handler)(wsi, reason, user, in, len);
  } catch (...) {
    ++self->state_.counters.write_errors;
    return -1;  // never let an exception cross the C frame; this connection closes
  }
}

int Server::on_http_protocol(lws* wsi, lws_callback_reasons reason, void* user, void* in,
                             size_t len) {
  if (reason == LWS_CALLBACK_WSI_DESTROY) {
    reaper_.release(wsi);  // every connection of this protocol passes here once
    rearm_.forget(wsi);
  }
  if (reason == LWS_CALLBACK_HTTP_CONFIRM_UPGRADE && in != nullptr &&
      strcasecmp(static_cast<const char*>(in), "websocket") != 0) {
    // "Upgrade: h2c" (lws refused every other kind with a 403 before asking): no HTTP/2 is
    // offered, so the upgrade is ignored and the request served over HTTP/1.1, as RFC 7540
    // §3.2 allows. lws 4.1.6 would switch to its h2 role after a 0, so the value it compares
    // next is blanked in its header table first.
    static_cast<char*>(in)[0] = '\0';
    return 0;
  }
  if (reason == LWS_CALLBACK_SSL_INFO) {
    // During the handshake: no request yet, `user` may be null.
    tls_.on_info(wsi, static_cast<const lws_ssl_info*>(in)->where,
                 state_.options.in_window(mono_ns()));
    return 0;
  }
  if (reason == LWS_CALLBACK_RAW_RX_FILE) {
    // The raw files: the feed's timerfd and the held streams' epoll set.
    if (!feed_.on_readable(lws_get_socket_fd(wsi))) {
      state_.held.on_readable();
    }
    return 0;
  }
  auto* session = static_cast<HttpSession*>(user);
  if (session == nullptr && reason != LWS_CALLBACK_HTTP_CONFIRM_UPGRADE) {
    // No per-session data (lws has none yet while confirming an upgrade, which needs none): a
    // connection that never became a request (e.g. raw bytes on the HTTP port) closing.
    // Nothing of ours refers to it.
    return lws_callback_http_dummy(wsi, reason, user, in, len);
  }
  switch (reason) {
    case LWS_CALLBACK_HTTP:
      return idle_after(wsi, on_http(wsi, static_cast<const char*>(in), len, *session));
    case LWS_CALLBACK_HTTP_WRITEABLE:
      if (session->sub.kind == SubscriberKind::kSse) {
        return sse_writeable(state_, wsi, *session);
      }
      return idle_after(wsi, longpoll_writeable(state_, wsi, *session));
    case LWS_CALLBACK_HTTP_BODY:
      return send_body(state_, wsi, session->sub, static_cast<const char*>(in), len);
    case LWS_CALLBACK_HTTP_BODY_COMPLETION:
      return idle_after(wsi, send_body_complete(state_, wsi, session->sub));
    case LWS_CALLBACK_CLOSED_HTTP:
      if (session->h2_connection != nullptr) {
        auto it = h2_open_streams_.find(session->h2_connection);
        if (it != h2_open_streams_.end() && --it->second == 0) {
          h2_open_streams_.erase(it);
        }
        session->h2_connection = nullptr;
      }
      send_closed(state_, wsi);
      state_.held.forget(wsi);
      detach(state_, wsi, session->sub);  // a held long poll or an SSE stream went away
      break;
    case LWS_CALLBACK_HTTP_CONFIRM_UPGRADE:
      return ws_confirm_upgrade(state_, wsi);
    case LWS_CALLBACK_ESTABLISHED:
      return ws_established(state_, wsi, *session);
    case LWS_CALLBACK_SERVER_WRITEABLE:
      return ws_writeable(state_, wsi, *session);
    case LWS_CALLBACK_CLOSED:
      ++state_.counters.ws_closed;
      detach(state_, wsi, session->sub);
      return 0;
    case LWS_CALLBACK_RECEIVE:
      return ws_received(state_, wsi, session->sub, static_cast<const char*>(in), len);
    case LWS_CALLBACK_RECEIVE_PONG:
      ws_pong(state_, len);
      return 0;
    default:
      break;
  }
  return lws_callback_http_dummy(wsi, reason, user, in, len);
}

int Server::on_tcp_protocol(lws* wsi, lws_callback_reasons reason, void* user, void* in,
                            size_t len) {
  if (reason == LWS_CALLBACK_SSL_INFO) {
    // During the handshake: no session data yet, `user` may be null.
    tls_.on_info(wsi, static_cast<const lws_ssl_info*>(in)->where,
                 state_.options.in_window(mono_ns()));
    return 0;
  }
  auto* session = static_cast<TcpSession*>(user);
  if (session != nullptr) {
    switch (reason) {
      case LWS_CALLBACK_RAW_ADOPT:
        return tcp_adopted(state_, wsi, *session);
      case LWS_CALLBACK_RAW_RX:
        return tcp_received(state_, wsi, *session, static_cast<const char*>(in), len);
      case LWS_CALLBACK_RAW_WRITEABLE:
        return tcp_writeable(state_, wsi, session->sub);
      case LWS_CALLBACK_RAW_CLOSE:
        tcp_closed(state_, wsi, session->sub);
        return 0;
      default:
        break;
    }
  }
  return lws_callback_http_dummy(wsi, reason, user, in, len);
}

int Server::idle_after(lws* wsi, int result) {
  // Answered, and the connection stays open: it is idle from now. lws gave a completed
  // transaction fresh (zeroed: kNone) per-session data, so the handler's HttpSession is gone; a
  // held long poll, an SSE stream or a body still arriving keep theirs, with their kind.
  const Subscriber* now_sub = result == 0 ? subscriber_of(wsi) : nullptr;
  if (now_sub != nullptr && now_sub->kind == SubscriberKind::kNone) {
    reaper_.idle_from(wsi, mono_ns());
    if (!is_h2_stream(wsi)) {
      rearm_.completed(wsi);  // lws asked for POLLOUT before it reads the next request
    }
  }
  return result;
}

void Server::write_samples(const std::string& path) {
  write_latency_samples(
      path, {{"publish_lag", &feed_.lag()}, {"upstream_latency", &state_.upstream.latency()}});
}

std::string Server::stats_json() {
  const ServerCounters& c = state_.counters;
  const UpstreamCounters& up = state_.upstream.counters();
  nlohmann::json j = {
      {"loop", name(state_.options.loop)},
      {"lws_version", lws_get_library_version()},
      {"openssl_version", openssl_version()},
      {"tls", state_.options.tls() ? tls_.json() : nlohmann::json(nullptr)},
      {"h2", state_.options.h2
                 ? nlohmann::json{{"headers_frames_in_window", state_.h2.headers_frames},
                                  {"header_block_bytes_in_window", state_.h2.header_block_bytes},
                                  {"data_frames_in_window", state_.h2.data_frames},
                                  {"headers_frames", state_.h2.run_headers_frames},
                                  {"header_block_bytes", state_.h2.run_header_block_bytes},
                                  {"max_open_streams", h2_max_open_streams_}}
                 : nlohmann::json(nullptr)},
      {"events_published", feed_.counters().events_published},
      {"encode_failures", feed_.counters().encode_failures},
      {"notifications_enqueued", state_.mailboxes.counters().enqueued},
      {"queue_drops", state_.mailboxes.counters().dropped},
      {"http_requests", c.http_requests},
      {"h2_requests", c.h2_requests},
      {"poll_requests", c.poll_requests},
      {"poll_empty", c.poll_empty},
      {"poll_events_sent", c.poll_events_sent},
      {"bad_requests", c.bad_requests},
      {"ws_accepted", c.ws_accepted},
      {"ws_closed", c.ws_closed},
      {"ws_rejected", c.ws_rejected},
      {"waiters_replaced", c.waiters_replaced},
      {"ws_frames_sent", c.ws_frames_sent},
      {"write_errors", c.write_errors},
      {"tcp_accepted", c.tcp_accepted},
      {"tcp_closed", c.tcp_closed},
      {"tcp_lines_sent", c.tcp_lines_sent},
      {"longpoll_requests", c.longpoll_requests},
      {"longpoll_held", c.longpoll_held},
      {"longpoll_timeouts", c.longpoll_timeouts},
      {"sse_streams", c.sse_streams},
      {"sse_resumed", c.sse_resumed},
      {"sse_events_sent", c.sse_events_sent},
      {"sse_heartbeats", c.sse_heartbeats},
      {"idle_closed", reaper_.reaped()},
      {"keepalive_rearmed", rearm_.rearmed()},
      {"held_closed", state_.held.closed()},
      {"accepts_refused", guard_.refused()},
      {"peer_addresses", guard_.peer_addresses()},
      {"first_accept_mono_ns", guard_.first_accept_ns()},
      {"last_ws_established_mono_ns", state_.last_ws_established_ns},
      {"publish_lag", lag_json(feed_.lag())},
      {"publish_timer", feed_.timer_kind()},
      {"feed_sink", sink_ ? sink_->stats() : nlohmann::json(nullptr)},
      {"grip_holds", c.grip_holds},
      {"grip_ws_opened", c.grip_ws_opened},
      {"send_requests", c.send_requests},
      {"ws_messages_received", c.ws_messages_received},
      {"tcp_lines_received", c.tcp_lines_received},
      {"ws_pings",
       {{"interval_s", static_cast<double>(state_.options.ws_ping_interval_ns) / 1e9},
        {"sent", c.ws_pings_sent},
        {"pongs", c.ws_pongs_received},
        {"sent_in_window", c.ws_pings_in_window},
        {"pongs_in_window", c.ws_pongs_in_window}}},
      {"upstream",
       {{"received", up.received},
        {"in_window", up.in_window},
        {"rejected", up.rejected},
        {"duplicates", up.duplicates},
        {"relayed", up.relayed},
        {"relay_failures", up.relay_failures},
        {"latency", lag_json(state_.upstream.latency())}}},
  };
  // The process's own account of its CPU time (user + sys, all threads, whole run), a second
  // source beside the bench's /proc schedstat samples (checked by ServerCpuTest).
  rusage ru{};
  if (getrusage(RUSAGE_SELF, &ru) == 0) {
    j["rusage_cpu_s"] = static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
                        static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
  }
  return j.dump();
}

}  // namespace pushbench
