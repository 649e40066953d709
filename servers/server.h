// pushbench-server: one libwebsockets context, one event loop, every transport on one port,
// all fed by one Feed from one seeded schedule.
#pragma once

#include <libwebsockets.h>

#include <array>
#include <memory>
#include <string>
#include <unordered_map>

#include "accept_guard.h"
#include "demo_page.h"
#include "ev_loop.h"
#include "feed.h"
#include "http_idle.h"
#include "keepalive_rearm.h"
#include "lws_handles.h"
#include "server_state.h"
#include "subscriber.h"
#include "tls_accounting.h"
#include "ws_deflate.h"
#include "ws_pinger.h"

namespace pushbench {

class Server {
 public:
  explicit Server(const ServerOptions& options);  // binds; throws on failure
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;
  ~Server();

  int port() const noexcept { return port_; }
  int tcp_port() const noexcept { return tcp_port_; }  // the raw TCP transport's listener
  // Serves until stop_requested(); then closes every connection.
  void run();
  // Exit statistics as one JSON object.
  std::string stats_json();
  // The samples behind stats_json's publish_lag and upstream.latency (latency_samples.h), for
  // `pushbench run` to merge server shards exactly. After stats_json.
  void write_samples(const std::string& path);

 private:
  // Both protocols' lws callback: the accept filter, then the protocol's Handler, and no
  // exception back into lws' C frames.
  template <int (Server::*Handler)(lws*, lws_callback_reasons, void*, void*, size_t)>
  static int callback(lws* wsi, lws_callback_reasons reason, void* user, void* in,
                      size_t len) noexcept;
  // The HTTP port's protocol (per-session data: HttpSession; WebSocket too, after its upgrade)
  // and the raw TCP port's (TcpSession).
  int on_http_protocol(lws* wsi, lws_callback_reasons reason, void* user, void* in, size_t len);
  int on_tcp_protocol(lws* wsi, lws_callback_reasons reason, void* user, void* in, size_t len);
  int on_http(lws* wsi, const char* path, size_t path_len, HttpSession& session);
  // Passes result through; starts the connection's idle period when a request was answered.
  int idle_after(lws* wsi, int result);
  void on_housekeeping() noexcept;
  void create_tcp_vhost();
  // --tls-cert: TLS settings of the HTTP port's vhost (`info` creates it).
  void configure_tls(lws_context_creation_info& info) const;
  // What the raw-TCP vhost's TLS shares with it (certificate, version, cipher, accounting).
  void configure_tls_keys(lws_context_creation_info& info) const;
  // --h2: the HTTP/2 settings and options of the same vhost.
  void configure_h2(lws_context_creation_info& info) const;

  ServerState state_;
  std::unique_ptr<FeedSink> sink_;  // --feed-dir / --grip-publish: the feed's second outlet
  Feed feed_;
  WsPinger pinger_;
  IdleReaper reaper_;  // idle keep-alive HTTP connections (--idle-timeout)
  AcceptGuard guard_;
  TlsAccounting tls_;  // --tls-cert: handshakes counted and timed  // open-file back-off, keepalive
                       // / TCP_USER_TIMEOUT on accepted sockets
  int64_t next_heartbeat_ns_ = 0;  // the next SSE heartbeat (0: not started)
  // HTTP/2: request streams open on each connection, and the most one ever had at once.
  std::unordered_map<const lws*, int> h2_open_streams_;
  int h2_max_open_streams_ = 0;
  std::array<lws_protocols, 2> protocols_{};
  std::array<lws_protocols, 2> tcp_protocols_{};
  LwsExtensions extensions_{};  // permessage-deflate on the default vhost (lws keeps the pointer)
  DemoMount demo_;              // --demo-dir's static mount (lws keeps the pointer)
  LwsTimer housekeeping_;       // every 50 ms: the stop flag and long-poll hang timeouts
  bool stopping_ = false;
  int port_ = 0;
  int tcp_port_ = 0;
  EvLoop loop_;                   // libev (the default loop): ours, lws' foreign loop; else null
  void* foreign_loop_ = nullptr;  // lws reads its loop from an array of them
  KeepAliveRearm rearm_;          // on loop_: keep-alive connections ready within their pass
  LwsContext ctx_;  // last member: destroyed first, while everything it calls into still exists
};

}  // namespace pushbench
