// pushbench-server's options.
#include "server_options.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>

#include "cli.h"
#include "clock.h"
#include "config_error.h"
#include "run_window.h"

namespace pushbench {

std::string_view name(LoopKind k) noexcept {
  switch (k) {
    case LoopKind::kLibev:
      return "libev";
    case LoopKind::kLibuv:
      return "libuv";
    case LoopKind::kPoll:
      return "poll";
  }
  return "?";
}

ServerOptions parse_server_options(int argc, char** argv) {
  ServerOptions o;
  CLI::App app{
      "pushbench-server: serves one seeded event schedule over /poll, /longpoll, /sse, /ws "
      "(WebSocket), POST /send and raw TCP on a second port, plain or over TLS (HTTP/1.1, and "
      "HTTP/2 with --h2); one libwebsockets context, one event loop. The endpoints: "
      "docs/contract.md",
      "pushbench-server"};
  app.add_option("--host", o.host, "address to bind")->capture_default_str();
  app.add_option("--port", o.port, "port to listen on (0 = any free port)")->capture_default_str();
  app.add_option_function<std::string>(
         "--loop",
         [&o](const std::string& s) {
           if (s == "libev" || s == "ev") {
             o.loop = LoopKind::kLibev;
           } else if (s == "libuv" || s == "uv") {
             o.loop = LoopKind::kLibuv;
           } else if (s == "poll") {
             o.loop = LoopKind::kPoll;
           } else {
             throw ConfigError(fmt::format("unknown --loop '{}' (known: libev, libuv, poll)", s));
           }
         },
         "libwebsockets event loop: libev (epoll, default), libuv, or poll (lws' default)")
      ->default_str("libev");
  app.add_option_function<std::string>(
         "--keepalive-rearm",
         [&o](const std::string& s) {
           if (s != "on" && s != "off") {
             throw ConfigError(fmt::format("--keepalive-rearm takes on or off (got '{}')", s));
           }
           o.keepalive_rearm = s == "on";
         },
         "libev: make a keep-alive HTTP/1.1 connection ready for its next request in the loop "
         "pass that answered it (on), or as lws 4.1.6 does, one pass and two epoll_ctl later "
         "(off)")
      ->default_str("on");
  app.add_option("--first-client", o.first_client,
                 "first client id this server holds (a shard of --clients)")
      ->capture_default_str();
  app.add_option("--count", o.count,
                 "clients this server holds from --first-client (default: all of --clients); "
                 "events for the others are neither queued nor counted");
  app.add_option("--queue-cap", o.queue_cap, "max pending events per client (overflow is counted)")
      ->capture_default_str();
  double longpoll_timeout_s = 30;
  add_duration_option(app, "--longpoll-timeout", longpoll_timeout_s, TimeUnit::kSeconds,
                      "how long a /longpoll is held when nothing is pending, then 204");
  double ws_ping_s = 0;
  add_duration_option(app, "--ws-ping", ws_ping_s, TimeUnit::kSeconds,
                      "interval of keep-alive pings to each WebSocket client, staggered by id "
                      "(0 = none)");
  add_duration_option(app, "--idle-timeout", o.idle_timeout_s, TimeUnit::kSeconds,
                      "how long an idle keep-alive HTTP connection stays open (whole seconds)");
  add_duration_option(app, "--dead-peer", o.dead_peer_s, TimeUnit::kSeconds,
                      "time after which a connection whose peer vanished (no FIN/RST) is dropped "
                      "(TCP keepalive and TCP_USER_TIMEOUT; whole seconds)");
  add_duration_option(app, "--sse-heartbeat", o.sse_heartbeat_s, TimeUnit::kSeconds,
                      "interval of SSE comment lines on every stream (0 = none; whole seconds)");
  // As pushbench-client takes them: the schedule runs from the epoch to the window's end.
  double warmup_s = 0;
  add_duration_option(app, "-w,--warmup", warmup_s, TimeUnit::kSeconds,
                      "warm-up, from the epoch to the measured window (upstream messages and pings "
                      "are counted in the window)");
  double duration_s = 0;
  add_duration_option(app, "-d,--duration", duration_s, TimeUnit::kSeconds,
                      "the measured window; events are published until it ends (0 = no end: "
                      "publish until stopped)");
  app.add_option("--epoch-mono-ns", o.epoch_mono_ns,
                 "schedule time zero on CLOCK_MONOTONIC (default: now)");
  app.add_option("--stats", o.stats_path, "write the exit statistics JSON here (default: stdout)");
  app.add_option("--samples", o.samples_path,
                 "also write the samples behind the statistics' latencies here (binary), for an "
                 "exact merge of server processes");
  app.add_option("--demo-dir", o.demo_dir, "serve the live page in DIR under /demo/, and /clock");
  app.add_option("--feed-dir", o.feed_dir,
                 "also write every event to DIR/ev/SEQ and DIR/last (nginx serves them; the "
                 "mailboxes stay empty)");
  app.add_option("--grip-publish", o.grip_publish_url,
                 "be a GRIP origin: POST every event to this Pushpin publish URL and hand held "
                 "long polls, SSE streams and WebSocket-over-HTTP to Pushpin");
  app.add_option("--tls-cert", o.tls_cert_path,
                 "serve https and wss on the HTTP port and TLS on the raw TCP port with this PEM "
                 "certificate; needs --tls-key");
  app.add_option("--tls-key", o.tls_key_path, "the PEM private key of --tls-cert");
  std::string tls_version = "1.3";
  app.add_option("--tls-version", tls_version, "with --tls-cert: the only TLS version, 1.2 or 1.3")
      ->capture_default_str();
  app.add_flag("--h2", o.h2,
               "serve HTTP/2 for the poll-h2, longpoll-h2 and sse-h2 transports: with "
               "--tls-cert by ALPN (h2, then http/1.1), without it as h2c with prior knowledge "
               "(every plaintext connection is HTTP/2)");
  add_deflate_options(app, o.deflate);
  add_workload_options(app, o.workload);
  parse_cli(app, argc, argv);
  if (const std::string p = o.deflate.problem(has_upstream(o.workload.workload)); !p.empty()) {
    throw ConfigError(p);
  }

  o.tls_version = parse_tls_version(tls_version, "--tls-version");
  if (o.tls_cert_path.empty() != o.tls_key_path.empty()) {
    throw ConfigError("--tls-cert and --tls-key go together");
  }

  if (!o.feed_dir.empty() && !o.grip_publish_url.empty()) {
    throw ConfigError("--feed-dir and --grip-publish are two arms: give one");
  }
  if (o.port < 0 || o.port > 65535) {
    throw ConfigError(fmt::format("--port must be 0..65535 (got {})", o.port));
  }
  if (o.queue_cap < 1) {
    throw ConfigError(fmt::format("--queue-cap must be at least 1 (got {})", o.queue_cap));
  }
  o.warmup_ns = seconds_to_ns(warmup_s, "--warmup");
  const int64_t window_ns = seconds_to_ns(duration_s, "--duration");
  if (duration_s > 0 && window_ns == 0) {
    throw ConfigError(fmt::format(
        "--duration must be 0 (publish until stopped) or at least 1 ns (got {})", duration_s));
  }
  if (!(longpoll_timeout_s > 0) || longpoll_timeout_s > 3600) {
    throw ConfigError(fmt::format("--longpoll-timeout must be > 0 and <= 3600 seconds (got {})",
                                  longpoll_timeout_s));
  }
  if (!(ws_ping_s >= 0) || ws_ping_s > 3600 || (ws_ping_s > 0 && ws_ping_s < 0.01)) {
    throw ConfigError(
        fmt::format("--ws-ping must be 0 (none) or 0.01..3600 seconds (got {})", ws_ping_s));
  }
  if (o.idle_timeout_s < 1 || o.idle_timeout_s > 3600) {
    throw ConfigError(
        fmt::format("--idle-timeout must be 1..3600 seconds (got {})", o.idle_timeout_s));
  }
  if (o.dead_peer_s < 3 || o.dead_peer_s > 3600) {
    throw ConfigError(fmt::format("--dead-peer must be 3..3600 seconds (got {})", o.dead_peer_s));
  }
  if (o.sse_heartbeat_s < 0 || o.sse_heartbeat_s > 3600) {
    throw ConfigError(fmt::format("--sse-heartbeat must be 0 (none) or 1..3600 seconds (got {})",
                                  o.sse_heartbeat_s));
  }
  o.ws_ping_interval_ns = static_cast<int64_t>(ws_ping_s * 1e9);
  o.longpoll_timeout_ns = static_cast<int64_t>(longpoll_timeout_s * 1e9);
  o.workload.duration_ns = schedule_ns(o.warmup_ns, window_ns);  // as pushbench-client does
  o.workload.validate();
  if (o.count == 0) {
    o.count = o.workload.clients - o.first_client;
  }
  if (o.first_client < 0 || o.count < 1 || o.first_client + o.count > o.workload.clients) {
    throw ConfigError(fmt::format("--first-client {} --count {} is outside 0..{}", o.first_client,
                                  o.count, o.workload.clients - 1));
  }
  if (o.epoch_mono_ns < 0) {
    throw ConfigError("--epoch-mono-ns must not be negative");
  }
  if (o.epoch_mono_ns == 0) {
    o.epoch_mono_ns = mono_ns();
  }
  return o;
}

}  // namespace pushbench
