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
  app.add_option("--transport", transport,
                 "poll, poll-close, longpoll, sse, ws, ws-deflate, tcp, or over HTTP/2 (with "
                 "--tls-ca) poll-h2, longpoll-h2, sse-h2")
      ->capture_default_str();
  app.add_option("--host", o.host, "server address")->capture_default_str();
  app.add_option("--port", o.port, "server port")->required();
  app.add_option("--source-address", o.source_address,
                 "connect from this IPv4 address (e.g. 127.0.2.1; default: the kernel's choice)");
  app.add_option("--first-client", o.first_client, "first client id of this process")
      ->capture_default_str();
  app.add_option("--count", o.count, "clients in this process (default: all of --clients)");
  app.add_option("--epoch-mono-ns", o.epoch_mono_ns, "the server's schedule time zero")->required();
  app.add_option("--warmup", warmup_s, "seconds from the epoch before the window")
      ->capture_default_str();
  app.add_option("--duration", window_s, "seconds of measurement window")->capture_default_str();
  app.add_option("--poll-interval", poll_interval_ms, "milliseconds between polls of one client")
      ->capture_default_str();
  double longpoll_timeout_s = 30;
  app.add_option("--longpoll-timeout", longpoll_timeout_s,
                 "seconds the server holds a long poll before answering 204")
      ->capture_default_str();
  std::string deflate_offer = "lws";
  app.add_option("--deflate-offer", deflate_offer,
                 "ws-deflate's permessage-deflate offer: lws (client_no_context_takeover, lws' "
                 "examples) or browser (context takeover, as Chrome and Firefox offer)")
      ->capture_default_str();
  app.add_option("--churn", o.churn_pct_per_s,
                 "percent of the clients that drop their connection and reconnect every second "
                 "(sse: resumed with Last-Event-ID; longpoll: with after=SEQ)")
      ->capture_default_str();
  app.add_option("--result", o.result_path, "write the result JSON here (default: stdout)");
  app.add_option("--samples", o.samples_path,
                 "also write every latency sample behind the result's percentiles here (binary), "
                 "for an exact merge of client processes");
  double give_up_s = 10;
  app.add_option("--give-up", give_up_s,
                 "seconds of failing connections without any answer from the server before the "
                 "client exits with an error")
      ->capture_default_str();
  app.add_option("--tls-ca", o.tls_ca_path,
                 "https and wss (raw TCP stays plain), trusting only the certificate in this PEM "
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
  add_workload_options(app, o.workload);
  parse_cli(app, argc, argv);

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
  if (is_h2(o.transport) && !o.tls()) {
    throw ConfigError(
        fmt::format("{} needs --tls-ca (HTTP/2 is negotiated by ALPN h2)", name(o.transport)));
  }
  if (o.h2_clients_per_conn < 1 || o.h2_clients_per_conn > kMaxH2ClientsPerConn) {
    throw ConfigError(fmt::format("--h2-clients-per-conn must be 1..{} (got {})",
                                  kMaxH2ClientsPerConn, o.h2_clients_per_conn));
  }
  if (o.give_up_ns <= 0) {
    throw ConfigError("--give-up must be > 0 seconds");
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
