// pushbench-server's options: where to listen, which loop, how deep the per-client queues are,
// and the workload its event feed publishes.
#pragma once

#include <cstdint>
#include <string>

#include "tls_config.h"
#include "workload.h"
#include "ws_deflate.h"

namespace pushbench {

enum class LoopKind { kLibev, kLibuv, kPoll };
std::string_view name(LoopKind k) noexcept;

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0 = any free port (printed in the ready line)
  LoopKind loop = LoopKind::kLibev;
  // libev: keep-alive connections ready for their next request within the pass that answered
  // them (keepalive_rearm.h); off: lws 4.1.6's own round through epoll, to measure it.
  bool keepalive_rearm = true;
  int queue_cap = 4096;                          // pending events per client; overflow is counted
  int64_t longpoll_timeout_ns = 30'000'000'000;  // hang timeout of /longpoll (RFC 6202)
  int64_t ws_ping_interval_ns = 0;  // WebSocket keep-alive ping to each client; 0 = none
  // Connection limits (README "Server limits"): an idle keep-alive HTTP connection is closed
  // after idle_timeout_s; every accepted socket has TCP keepalive and TCP_USER_TIMEOUT so a peer
  // that vanished is dropped within dead_peer_s; an SSE stream carries a comment every
  // sse_heartbeat_s (0 = none) so a write reaches a vanished peer.
  int idle_timeout_s = 60;
  int dead_peer_s = 120;
  int sse_heartbeat_s = 15;
  // --first-client/--count: the clients this server holds (a shard of `pushbench run
  // --server-procs`); events for the others are not queued or counted. count 0 = all.
  int first_client = 0;
  int count = 0;
  int64_t epoch_mono_ns = 0;  // schedule time zero, CLOCK_MONOTONIC; 0 = at start
  int64_t warmup_ns = 0;      // --warmup: the measured window starts this long after the epoch
  std::string stats_path;     // JSON written at exit; empty = stdout
  std::string samples_path;   // --samples: raw latency samples too (latency_samples.h)
  // --tls-cert/--tls-key: both ports (HTTP and raw TCP) speak TLS only, version
  // tls_version only, one cipher suite (tls_config.h), ALPN http/1.1 only on HTTP. Empty = plain.
  std::string tls_cert_path;
  std::string tls_key_path;
  TlsVersion tls_version = TlsVersion::kTls13;
  // --h2 (with TLS): ALPN offers h2 before http/1.1, for the HTTP/2 transports' runs only
  // (WebSocket stays on HTTP/1.1: lws 4.1.6's ws-over-h2 permessage-deflate path is broken).
  bool h2 = false;
  // Second implementations (docs/method.md): --feed-dir writes every event to DIR for nginx and
  // leaves the mailboxes empty; --grip-publish makes this server Pushpin's GRIP origin, every
  // event also POSTed to Pushpin's publish URL, held requests handed to Pushpin (grip.h).
  std::string feed_dir;
  std::string grip_publish_url;
  std::string demo_dir;  // the live page's files, served under /demo/ (demo_page.h)
  // workload.duration_ns: the schedule, --warmup + --duration (run_window.h); 0 (--duration 0)
  // = publish until stopped.
  WorkloadSpec workload;
  DeflateParams deflate;  // ws-deflate connections' compressor (ws_deflate.h)

  bool tls() const noexcept { return !tls_cert_path.empty(); }
  bool grip() const noexcept { return !grip_publish_url.empty(); }

  // Inside the measured window: [epoch + warmup, epoch + schedule) on CLOCK_MONOTONIC, the
  // schedule ending with the window (unbounded when the schedule is).
  bool in_window(int64_t mono_ns) const noexcept {
    return mono_ns >= epoch_mono_ns + warmup_ns &&
           (workload.duration_ns <= 0 || mono_ns < epoch_mono_ns + workload.duration_ns);
  }
};

// Parses argv; throws ConfigError with a one-line message; --help prints and exits.
ServerOptions parse_server_options(int argc, char** argv);

}  // namespace pushbench
