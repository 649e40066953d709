// pushbench-client's options.
#include "client_options.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cmath>

#include "cli.h"
#include "clock.h"
#include "config_error.h"
#include "h2_limits.h"
#include "run_window.h"
#include "source_address.h"

namespace pushbench {

namespace {
// --url's options: the endpoint and its mode, how many clients (-c; 1 unless given), timestamps.
EndpointOptions endpoint_options(const CLI::App& app, const std::string& url,
                                 const std::string& mode, const std::string& timestamp_field,
                                 const std::string& timestamp_clock, bool quiet) {
  EndpointOptions e;
  e.url = url;
  e.mode = endpoint_mode(split_endpoint_url(url), mode);
  e.clients = app.count("--clients") ? app.get_option("--clients")->as<int>() : 1;
  if (e.clients < 1 || e.clients > 100000) {
    throw ConfigError(fmt::format("--clients must be 1..100000 (got {})", e.clients));
  }
  if (!timestamp_field.empty()) {
    (void)timestamp_pointer(timestamp_field);  // refused now, not at the first message
  }
  e.timestamp_field = timestamp_field;
  e.clock = parse_timestamp_clock(timestamp_clock);
  e.quiet = quiet;
  return e;
}
}  // namespace

ClientOptions parse_client_options(int argc, char** argv) {
  ClientOptions o;
  CLI::App app{
      "pushbench-client: N clients of one transport on one event loop; measures "
      "latency, delivery, requests, connections and bytes over a window",
      "pushbench-client"};
  std::string transport = "poll";
  double warmup_s = 2;
  double window_s = 10;
  double poll_interval_ms = 1000;
  const std::string transports_help =
      "poll, poll-close, longpoll, sse, ws, ws-deflate, tcp, or over HTTP/2 (with --tls-ca) "
      "poll-h2, longpoll-h2, sse-h2: one transport (the name `pushbench run` uses for its list)";
  app.add_option("-t,--transports", transport, transports_help)->capture_default_str();
  // The option's name before it was --transports everywhere: old scripts keep working.
  app.add_option("--transport", transport, transports_help)->group("");
  std::string url;
  app.add_option(
      "--url", url,
      "measure any server's push endpoint instead of pushbench-server: "
      "ws://HOST[:PORT]/PATH, wss://..., http(s)://.../sse or .../poll (see --mode), with "
      "-c clients (1 unless given); "
      "prints messages, rate, inter-arrival, bytes, connections, reconnects, and "
      "latency with --timestamp-field");
  std::string mode;
  app.add_option("--mode", mode,
                 "with --url: sse, poll or ws (default: ws for ws:// and wss://, sse for a path "
                 "ending in /sse, /events or /stream, poll for /poll or /longpoll)");
  std::string timestamp_field;
  app.add_option("--timestamp-field", timestamp_field,
                 "with --url: a JSON pointer to the send time each message carries (e.g. /ts); "
                 "without it latency is not measured");
  std::string timestamp_clock = "wall-ms";
  app.add_option("--timestamp-clock", timestamp_clock,
                 "with --timestamp-field: wall-ms, wall-us, wall-ns (since the Unix epoch; sender "
                 "and receiver clocks must agree) or mono-ns (CLOCK_MONOTONIC, this host)")
      ->capture_default_str();
  bool quiet = false;
  app.add_flag("-q,--quiet", quiet, "with --url: no progress line on stderr");
  bool linger = false;
  app.add_flag("--linger", linger,
               "with --url: after the result, stay until SIGTERM (for pushbench run --target, "
               "which samples the process at the window's end)")
      ->group("");
  app.add_option("--host", o.host, "server address")->capture_default_str();
  app.add_option("--port", o.port, "server port (required without --url)");
  app.add_option("--source-address", o.source_address,
                 "connect from this IPv4 address (e.g. 127.0.2.1; default: the kernel's choice)");
  app.add_option("--first-client", o.first_client, "first client id of this process")
      ->capture_default_str();
  app.add_option("--count", o.count, "clients in this process (default: all of --clients)");
  app.add_option("--epoch-mono-ns", o.epoch_mono_ns,
                 "the server's schedule time zero in this host's CLOCK_MONOTONIC (required "
                 "without --url; with --url the run's time zero, the window opening --warmup "
                 "after it: default now)");
  app.add_option("--clock-offset-ns", o.clock_offset_ns,
                 "the server host's CLOCK_MONOTONIC minus this host's, when it runs on another "
                 "(pushbench-mpi measures it): event times are taken into this host's clock")
      ->capture_default_str();
  add_duration_option(app, "-w,--warmup", warmup_s, TimeUnit::kSeconds,
                      "warm-up, from the epoch to the window's start");
  add_duration_option(app, "-d,--duration", window_s, TimeUnit::kSeconds, "the measurement window");
  add_duration_option(app, "--poll-interval", poll_interval_ms, TimeUnit::kMilliseconds,
                      "time between polls of one client");
  double longpoll_timeout_s = 30;
  add_duration_option(app, "--longpoll-timeout", longpoll_timeout_s, TimeUnit::kSeconds,
                      "how long the server holds a long poll before answering 204");
  std::string deflate_offer = "lws";
  app.add_option("--deflate-offer", deflate_offer,
                 "ws-deflate's permessage-deflate offer: lws (client_no_context_takeover, lws' "
                 "examples) or browser (context takeover, as Chrome and Firefox offer)")
      ->capture_default_str();
  app.add_option("--churn", o.churn_pct_per_s,
                 "percent of the clients that drop their connection and reconnect every second "
                 "(sse: resumed with Last-Event-ID; longpoll: with after=SEQ)")
      ->capture_default_str();
  app.add_option("-o,--result", o.result_path, "write the result JSON here (default: stdout)");
  app.add_option("--samples", o.samples_path,
                 "also write every latency sample behind the result's percentiles here (binary), "
                 "for an exact merge of client processes");
  double give_up_s = 10;
  add_duration_option(app, "--give-up", give_up_s, TimeUnit::kSeconds,
                      "how long connections may fail without any answer from the server "
                      "before the client exits with an error");
  app.add_option("--tls-ca", o.tls_ca_path,
                 "https, wss and raw TCP over TLS, trusting only the certificate in this PEM "
                 "file");
  std::string tls_version = "1.3";
  app.add_option("--tls-version", tls_version,
                 "with --tls-ca: the only TLS version offered, 1.2 or 1.3")
      ->capture_default_str();
  std::string tls_resume = "on";
  app.add_option("--tls-resume", tls_resume,
                 "with --tls-ca: HTTP clients resume their own TLS sessions, on or off")
      ->capture_default_str();
  app.add_option("--h2-clients-per-conn", o.h2_clients_per_conn,
                 "HTTP/2 transports: clients sharing one connection (consecutive ids), 1..200")
      ->capture_default_str();
  std::string http_engine = "curl";
  app.add_option("--http-engine", http_engine,
                 "poll, poll-close, longpoll: curl (libcurl multi, what a typical client costs) "
                 "or lean (epoll + http-parser, the floor of a client's CPU per request; plain "
                 "HTTP/1.1, no upstream)")
      ->capture_default_str();
  std::string ws_engine = "lws";
  app.add_option("--ws-engine", ws_engine,
                 "ws: lws (the libwebsockets client) or lean (epoll and pushbench's own "
                 "handshake and framing, the floor of a client's CPU per handshake; plain ws, "
                 "no upstream)")
      ->capture_default_str();
  add_workload_options(app, o.workload);
  app.footer(
      "Exit status: 0 done, 1 failed (the client gave up on its server, or --url: no "
      "connection opened), 2 bad options (one line on stderr). The result JSON (or with --url "
      "the table) goes to stdout, messages to stderr.");
  parse_cli(app, argc, argv);
  const size_t app_count_port = app.count("--port");
  const size_t app_count_epoch = app.count("--epoch-mono-ns");
  if (!url.empty()) {
    o.endpoint = endpoint_options(app, url, mode, timestamp_field, timestamp_clock, quiet);
  } else if (!mode.empty() || !timestamp_field.empty()) {
    throw ConfigError("--mode and --timestamp-field go with --url");
  }
  o.http_engine = parse_http_engine(http_engine);
  if (o.endpoint && o.http_engine != HttpEngine::kCurl) {
    throw ConfigError("--http-engine lean measures pushbench's contract, not --url");
  }

  if (ws_engine != "lws" && ws_engine != "lean") {
    throw ConfigError(fmt::format("unknown --ws-engine '{}' (known: lws, lean)", ws_engine));
  }
  o.lean_ws = ws_engine == "lean";
  if (o.endpoint && o.lean_ws) {
    throw ConfigError("--ws-engine lean measures pushbench's contract, not --url");
  }

  o.tls_version = parse_tls_version(tls_version, "--tls-version");
  o.tls_resume = parse_on_off(tls_resume, "--tls-resume");

  o.transport = parse_transport(transport);
  o.deflate_offer = parse_deflate_offer(deflate_offer);
  o.warmup_ns = seconds_to_ns(warmup_s, "--warmup");
  o.window_ns = seconds_to_ns(window_s, "--duration");
  if (o.window_ns <= 0) {
    throw ConfigError("--duration must be > 0 seconds");
  }
  if (!(poll_interval_ms >= 1) || poll_interval_ms > 3.6e6) {
    throw ConfigError(
        fmt::format("--poll-interval must be 1..3600000 ms (got {})", poll_interval_ms));
  }
  o.poll_interval_ns = std::llround(poll_interval_ms * 1e6);
  o.longpoll_timeout_ns = seconds_to_ns(longpoll_timeout_s, "--longpoll-timeout");
  if (o.longpoll_timeout_ns <= 0) {
    throw ConfigError("--longpoll-timeout must be > 0 seconds");
  }
  o.give_up_ns = seconds_to_ns(give_up_s, "--give-up");
  if (!(o.churn_pct_per_s >= 0) || o.churn_pct_per_s > 100) {
    throw ConfigError(
        fmt::format("--churn must be 0..100 % per second (got {})", o.churn_pct_per_s));
  }
  if (o.churn_pct_per_s > 0 && http1_of(o.transport) != Transport::kSse &&
      http1_of(o.transport) != Transport::kLongPoll) {
    throw ConfigError(fmt::format(
        "--churn needs a transport that resumes after a reconnect (sse, longpoll), not {}",
        name(o.transport)));
  }
  if (is_h2(o.transport) && !o.tls() && has_upstream(o.workload.workload)) {
    throw ConfigError(h2c_upstream_refusal(o.transport, o.workload.workload));
  }
  if (o.http_engine == HttpEngine::kLean && !uses_http_engine(o.transport) && !is_h2(o.transport)) {
    throw ConfigError(fmt::format("--http-engine lean runs poll, poll-close and longpoll, not {}",
                                  name(o.transport)));
  }
  if (o.lean_ws &&
      (o.transport != Transport::kWebSocket || o.tls() || has_upstream(o.workload.workload))) {
    throw ConfigError(fmt::format(
        "--ws-engine lean runs plain ws with no upstream messages, not {}{}{} (use --ws-engine "
        "lws)",
        name(o.transport), o.tls() ? " over TLS" : "",
        has_upstream(o.workload.workload) ? fmt::format(" with {}", name(o.workload.workload))
                                          : ""));
  }
  if (const std::string refusal =
          http_engine_refusal(o.http_engine, o.transport, o.tls(), o.workload.workload);
      !refusal.empty()) {
    throw ConfigError(refusal);
  }
  if (o.h2_clients_per_conn < 1 || o.h2_clients_per_conn > kMaxH2ClientsPerConn) {
    throw ConfigError(fmt::format("--h2-clients-per-conn must be 1..{} (got {})",
                                  kMaxH2ClientsPerConn, o.h2_clients_per_conn));
  }
  if (o.give_up_ns <= 0) {
    throw ConfigError("--give-up must be > 0 seconds");
  }
  if (o.endpoint) {
    o.endpoint->warmup_ns = o.warmup_ns;
    o.endpoint->window_ns = o.window_ns;
    o.endpoint->poll_interval_ns = o.poll_interval_ns;
    o.endpoint->tls_ca_path = o.tls_ca_path;
    o.endpoint->result_path = o.result_path;
    o.endpoint->linger = linger;
    if (app_count_epoch > 0) {
      // The caller's time zero (pushbench run --target samples the processes at the window's
      // edges): not in the past, where the window would already be under way, nor far ahead.
      const int64_t now = mono_ns();
      if (o.epoch_mono_ns < now - kNsPerSec || o.epoch_mono_ns > now + 60 * kNsPerSec) {
        throw ConfigError(
            "--epoch-mono-ns with --url must be within 1 s before and 60 s after now "
            "(CLOCK_MONOTONIC ns)");
      }
      o.endpoint->start_mono_ns = o.epoch_mono_ns;
    }
    return o;  // the contract's options (port, epoch, workload) do not apply
  }
  if (app_count_port == 0 || app_count_epoch == 0) {
    throw ConfigError(fmt::format("{} is required (or --url to measure another server)",
                                  app_count_port == 0 ? "--port" : "--epoch-mono-ns"));
  }
  o.workload.duration_ns = schedule_ns(o.warmup_ns, o.window_ns);  // as the server derives it
  o.workload.validate();
  if (o.count == 0) {
    o.count = o.workload.clients - o.first_client;
  }
  if (o.first_client < 0 || o.count < 1 || o.first_client + o.count > o.workload.clients) {
    throw ConfigError(fmt::format("--first-client {} --count {} is outside 0..{}", o.first_client,
                                  o.count, o.workload.clients - 1));
  }
  if (!o.source_address.empty()) {
    const auto addr = parse_ipv4(o.source_address);
    if (!addr || *addr == 0) {
      throw ConfigError(
          fmt::format("--source-address must be an IPv4 address (got '{}')", o.source_address));
    }
    o.source_addr_be = *addr;
  }
  if (o.port < 1 || o.port > 65535) {
    throw ConfigError(fmt::format("--port must be 1..65535 (got {})", o.port));
  }
  if (o.epoch_mono_ns <= 0) {
    throw ConfigError("--epoch-mono-ns must be > 0");
  }
  return o;
}

}  // namespace pushbench
