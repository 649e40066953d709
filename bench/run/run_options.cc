// `pushbench run` options.
#include "run_options.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>

#include "cli.h"
#include "config_error.h"
#include "endpoint.h"
#include "h2_limits.h"
#include "parse.h"
#include "shard_plan.h"

namespace pushbench {
namespace {
constexpr const char* kDefaultTransports = "poll,poll-close,ws";

// Splits an option's comma list; every item must convert (`parse` returns nullopt otherwise)
// and appear once. Throws ConfigError naming the option and the item.
template <typename T, typename Parse>
std::vector<T> parse_values(const std::string& text, const char* option, const char* what,
                            Parse parse) {
  std::vector<T> values;
  for (const std::string& item : split_list(text)) {
    if (item.empty()) {
      throw ConfigError(
          fmt::format("{} has an empty item in '{}' (a list is A,B,C)", option, text));
    }
    const std::optional<T> v = parse(item);
    if (!v) {
      throw ConfigError(fmt::format("{}: '{}' is not {}", option, item, what));
    }
    if (std::find(values.begin(), values.end(), *v) != values.end()) {
      throw ConfigError(fmt::format("{} lists {} twice", option, item));
    }
    values.push_back(*v);
  }
  return values;
}

std::optional<int> to_int(const std::string& s) {
  const auto v = parse_int(s);
  if (!v || *v < INT32_MIN || *v > INT32_MAX) {
    return std::nullopt;
  }
  return static_cast<int>(*v);
}

std::optional<Workload> to_workload(const std::string& s) { return parse_workload(s); }
std::optional<ServerImpl> to_server(const std::string& s) { return parse_server_impl(s); }

// Every --server serves every --transports and --workload, on plain loopback; else one line.
void check_servers(const RunOptions& o) {
  for (ServerImpl impl : o.servers) {
    if (impl == ServerImpl::kPushbench) {
      continue;
    }
    std::string served;
    for (Transport t : served_transports(impl)) {
      served += fmt::format("{}{}", served.empty() ? "" : ", ", name(t));
    }
    for (Transport t : o.transports) {
      if (!serves(impl, t)) {
        throw ConfigError(fmt::format("--server {} does not serve {} (it serves {})", name(impl),
                                      name(t), served));
      }
    }
    for (Workload w : o.sweep.workloads) {
      if (!serves(impl, w)) {
        throw ConfigError(
            fmt::format("--server {} carries the broadcast and idle workloads only (not {})",
                        name(impl), name(w)));
      }
    }
    if (const std::string missing = missing_package(impl); !missing.empty()) {
      throw ConfigError(missing);
    }
    if (o.tls || o.netns) {
      throw ConfigError(
          fmt::format("--server {} runs on plain loopback only (no --tls, --netns "
                      "or network conditions)",
                      name(impl)));
    }
  }
}

// Every combination of the workload lists must be a valid schedule: validate() names the option.
void validate_combinations(const RunOptions& o) {
  WorkloadSpec spec = o.workload;
  for (Workload w : o.sweep.workloads) {
    spec.workload = w;
    for (int clients : o.sweep.clients) {
      spec.clients = clients;
      for (double rate : o.sweep.rates_for(w)) {
        spec.rate_hz = rate;
        for (int payload : o.sweep.payloads) {
          spec.payload_bytes = payload;
          spec.validate();
        }
      }
    }
  }
}

// Network conditions (net/): root only, they imply --netns.
void add_net_options(CLI::App& app, NetRequest& net) {
  std::string profiles;
  for (const NetProfile& p : net_profiles()) {
    profiles += (profiles.empty() ? "" : ", ") + p.conditions.describe();
  }
  app.add_option("--net", net.profile,
                 fmt::format("root only, implies --netns: network conditions between server and "
                             "client, a profile ({})",
                             profiles));
  const std::vector<std::tuple<const char*, std::optional<double>*, const char*>> delays = {
      {"--rtt", &net.rtt_ms,
       "round trip added (half each way; 100ms, 0.1s; a bare number is in ms); overrides "
       "--net's"},
      {"--jitter", &net.jitter_ms,
       "each direction's delay varies uniformly by +-jitter/2, a flow stays in order (a "
       "duration; a bare number is in ms); overrides --net's"}};
  for (const auto& [option, value, description] : delays) {
    std::optional<double>* target = value;
    const std::string name = option;
    app.add_option_function<std::string>(
           option,
           [target, name](const std::string& v) {
             *target = duration_or_throw(v, TimeUnit::kMilliseconds, name);
           },
           description)
        ->type_name("DURATION");
  }
  std::optional<double>* loss = &net.loss_pct;
  app.add_option_function<double>(
      "--loss", [loss](double v) { *loss = v; },
      "random loss of each packet each way, percent; overrides --net's");
  app.add_option_function<std::string>(
      "--bandwidth", [&net](const std::string& v) { net.bandwidth = v; },
      "rate cap, Mbit/s: MBIT both ways or DOWN/UP (e.g. 10/2); overrides --net's");
}
// --target and the options that go with it. What only pushbench's own server takes (its
// schedule, its implementation, the network and TLS pushbench sets up) is refused beside it.
void add_target_options(CLI::App& app, TargetOptions& t) {
  CLI::Option* target = app.add_option(
      "--target", t.url,
      "measure this endpoint of a server pushbench does not start (your own) instead: "
      "ws://HOST[:PORT]/PATH, wss://..., http(s)://.../sse or .../poll, as pushbench-client "
      "--url does, for each --clients value and --repeat; writes target.csv (no delivery "
      "accounting: that needs pushbench's contract, docs/contract.md)");
  const std::vector<CLI::Option*> with_target = {
      app.add_option("--mode", t.mode, "with --target: sse, poll or ws (default: from the URL)"),
      app.add_option("--timestamp-field", t.timestamp_field,
                     "with --target: a JSON pointer to the send time each message carries "
                     "(e.g. /ts); without it latency is not measured"),
      app.add_option("--timestamp-clock", t.timestamp_clock,
                     "with --timestamp-field: wall-ms, wall-us, wall-ns (Unix epoch) or mono-ns "
                     "(CLOCK_MONOTONIC, this host)")
          ->capture_default_str(),
      app.add_option("--tls-ca", t.tls_ca,
                     "with --target https:// or wss://: trust only the certificate(s) in this "
                     "PEM file (default: the system's CAs)"),
      app.add_option("--target-pid", t.pid,
                     "with --target: the server's process on this host; its CPU (with its "
                     "descendants') and memory are sampled at the window's edges")};
  for (CLI::Option* option : with_target) {
    option->needs(target);
  }
  for (const char* name : {"--server",
                           "--workload",
                           "--rate",
                           "--payload",
                           "--longpoll-timeout",
                           "--ws-ping",
                           "--deflate-offer",
                           "--deflate-window-bits",
                           "--deflate-mem-level",
                           "--loop",
                           "--queue-cap",
                           "--netns",
                           "--tls",
                           "--tls-version",
                           "--tls-resume",
                           "--h2-clients-per-conn",
                           "--client-procs",
                           "--server-procs",
                           "--net",
                           "--rtt",
                           "--jitter",
                           "--loss",
                           "--bandwidth"}) {
    if (CLI::Option* other = app.get_option_no_throw(name); other != nullptr) {
      target->excludes(other);
    }
  }
}

// --target: the endpoint, its mode and timestamp are what pushbench-client --url accepts; each
// --clients value fits one client process.
void finish_target_options(RunOptions& o, const std::string& transports) {
  TargetOptions& t = o.target;
  const EndpointUrl url = split_endpoint_url(t.url);
  if (!transports.empty() && !t.mode.empty()) {
    throw ConfigError("--target: give its mode with --mode or -t, not both");
  }
  t.mode = std::string(name(endpoint_mode(url, transports.empty() ? t.mode : transports)));
  if (!t.timestamp_field.empty()) {
    (void)timestamp_pointer(t.timestamp_field);
  }
  (void)parse_timestamp_clock(t.timestamp_clock);
  if (t.pid < 0 || (t.pid > 0 && kill(t.pid, 0) != 0 && errno == ESRCH)) {
    throw ConfigError(fmt::format("--target-pid {}: no such process", t.pid));
  }
  for (int clients : o.sweep.clients) {
    if (clients < 1 || clients > kClientsPerProc) {
      throw ConfigError(
          fmt::format("--target: --clients must be 1..{} (one client process; got {})",
                      kClientsPerProc, clients));
    }
  }
}
}  // namespace

std::vector<double> SweepValues::rates_for(Workload w) const {
  if (!rates_hz.empty()) {
    return rates_hz;
  }
  // The rate the shared workload options give `w` without --rate (a workload may have its own).
  CLI::App app;
  WorkloadSpec spec;
  add_workload_options(app, spec);
  app.parse(fmt::format("--workload {}", name(w)), false);
  return {spec.rate_hz};
}

double RunOptions::effective_drain_s() const noexcept {
  if (drain_s > 0) {
    return drain_s;
  }
  // Under network conditions an event at the window's end may need four round trips more (a
  // poll-close client's new connection: TCP, TLS 1.2's two, then its request) and, with loss,
  // two retransmission timeouts (each at least 200 ms, Linux's minimum RTO, plus a round trip).
  const double rtt_s = (net.rtt_ms + net.jitter_ms) / 1000.0;
  const double network_s = 4 * rtt_s + (net.loss_pct > 0 ? 2 * (0.2 + rtt_s) : 0);
  return std::max(1.0, 2 * poll_interval_ms / 1000.0) + network_s;
}

void add_run_options(CLI::App& app, RunOptions& o, RunOptionLists& lists) {
  app.add_option("--server", lists.servers,
                 "comma-separated implementations, each run with the same clients: pushbench, "
                 "nginx (poll, poll-close), pushpin (longpoll, sse, ws)")
      ->capture_default_str();
  app.add_option("-t,--transports", lists.transports,
                 "comma-separated transports: poll, poll-close, longpoll, sse, ws, ws-deflate, "
                 "tcp (or all: these seven), and with --tls poll-h2, longpoll-h2, sse-h2 "
                 "(HTTP/2); with --target one of sse, poll, ws (the URL's mode)")
      ->default_str(kDefaultTransports);
  add_workload_options(app, o.workload);
  // The shared workload options take one value; `run` takes a list for these four (their
  // descriptions stay the shared ones).
  // {names, the shared option's name, the list}
  const std::vector<std::tuple<const char*, const char*, std::string*>> list_options = {
      {"--workload", "--workload", &lists.workloads},
      {"-c,--clients", "--clients", &lists.clients},
      {"--rate", "--rate", &lists.rates},
      {"--payload", "--payload", &lists.payloads}};
  for (const auto& [names, option, text] : list_options) {
    CLI::Option* single = app.get_option(option);
    const std::string description = single->get_description();
    app.remove_option(single);
    CLI::Option* list =
        app.add_option(names, *text, description + "; a comma-separated list runs each (a sweep)");
    if (!text->empty()) {
      list->capture_default_str();
    } else {
      list->default_str(fmt::format("{}", o.workload.rate_hz));  // --rate: the workload's own
    }
  }
  app.add_option("--poll-interval", lists.poll_intervals,
                 "between polls of one client, comma-separated durations (250ms, 1s; a bare "
                 "number is in milliseconds); multiplies only the polling transports")
      ->capture_default_str();
  add_duration_option(app, "--longpoll-timeout", o.longpoll_timeout_s, TimeUnit::kSeconds,
                      "how long the server holds a long poll before answering 204");
  add_duration_option(app, "--ws-ping", o.ws_ping_s, TimeUnit::kSeconds,
                      "interval of the server's keep-alive pings to each WebSocket client (0 = "
                      "none); pings and pongs are counted and their bytes measured");
  app.add_option_function<std::string>(
         "--deflate-offer",
         [&o](const std::string& s) { o.deflate_offer = parse_deflate_offer(s); },
         "ws-deflate's offer: lws (client_no_context_takeover, as lws' examples) or browser "
         "(context takeover both ways, as Chrome and Firefox offer)")
      ->default_str("lws");
  add_deflate_options(app, o.deflate);
  app.add_option_function<std::string>(
         "--http-engine", [&o](const std::string& s) { o.http_engine = parse_http_engine(s); },
         "poll, poll-close and longpoll's client: curl (libcurl, what a typical client costs) or "
         "lean (epoll + http-parser, the floor of a client's CPU per request; plain HTTP/1.1, "
         "no --tls, no HTTP/2, no chat or game)")
      ->default_str("curl");
  add_duration_option(app, "-w,--warmup", o.warmup_s, TimeUnit::kSeconds,
                      "warm-up: load before the window");
  add_duration_option(app, "-d,--duration", o.duration_s, TimeUnit::kSeconds,
                      "the measurement window of every run");
  add_duration_option(
      app, "--drain", o.drain_s, TimeUnit::kSeconds,
      "time after the window for in-flight events (0 = max(1 s, 2 poll intervals), plus 4 "
      "round trips and with --loss 2 retransmission timeouts under network conditions)");
  app.add_option("--repeat", o.repeat, "repetitions of every cell")->capture_default_str();
  app.add_option("-o,--out", o.out_dir, "results directory (default results/runs/<UTC time>)");
  app.add_flag("-q,--quiet", o.quiet,
               "no progress on stderr (the results table still goes to stdout)");
  app.add_flag("--force", o.force,
               "reuse an --out that holds an earlier run's results: remove them first");
  app.add_option("--loop", o.loop, "server event loop: libev, libuv or poll")
      ->capture_default_str();
  app.add_option("--queue-cap", o.queue_cap, "server's max pending events per client")
      ->capture_default_str();
  app.add_flag("!--no-pin", o.pin, "do not pin server and client to different CPUs");
  app.add_flag("--netns", o.netns,
               "root only: run server and client in network namespaces joined by a veth pair and "
               "add the interface counters as a second byte/packet source");
  app.add_flag("--tls", o.tls,
               "TLS on every transport (https, wss, and the tcp floor's lines over TLS), with a "
               "self-signed certificate made for the run in raw/");
  app.add_option("--tls-version", lists.tls_version, "with --tls: the only TLS version, 1.2 or 1.3")
      ->capture_default_str();
  app.add_option("--tls-resume", lists.tls_resume,
                 "with --tls: HTTP clients resume their own TLS sessions (as browsers do), on or "
                 "off (every poll-close request pays a full handshake)")
      ->capture_default_str();
  app.add_option("--h2-clients-per-conn", o.h2_clients_per_conn,
                 "HTTP/2 transports: clients sharing one connection, each with its own streams "
                 "(1 = a connection per client, as a browser page; more models a proxy), 1..200")
      ->capture_default_str();
  app.add_option("--client-procs", o.client_procs,
                 "client processes per repetition, each with its own range of client ids and "
                 "source address (127.0.2.k); 0 = one per 16,000 clients")
      ->capture_default_str();
  app.add_option("--server-procs", o.server_procs,
                 "pushbench-server processes per repetition, each on its own address "
                 "(127.0.1.s) holding its client processes' clients, all running the one "
                 "schedule; 0 = as the client processes above 18,000 clients, else 1")
      ->capture_default_str();
  app.add_flag("!--no-plots", o.plots, "write report.md without rendering its plots");
  add_net_options(app, lists.net);
  add_target_options(app, o.target);
}

void finish_run_options(RunOptions& o, const RunOptionLists& lists) {
  o.transports = parse_transport_list(
      lists.transports.empty() || !o.target.url.empty() ? kDefaultTransports : lists.transports);
  o.servers =
      parse_values<ServerImpl>(lists.servers, "--server", "pushbench, nginx or pushpin", to_server);
  SweepValues& s = o.sweep;
  s.workloads = parse_values<Workload>(lists.workloads, "--workload", "a workload", to_workload);
  s.clients = parse_values<int>(lists.clients, "--clients", "a whole number", to_int);
  if (!lists.rates.empty()) {
    s.rates_hz = parse_values<double>(lists.rates, "--rate", "a number", parse_double);
  }
  s.payloads = parse_values<int>(lists.payloads, "--payload", "a whole number of bytes", to_int);
  if (!o.target.url.empty()) {
    finish_target_options(o, lists.transports);
  }
  s.poll_intervals_ms = parse_values<double>(
      lists.poll_intervals, "--poll-interval", "a duration (250ms, 1s; a bare number is ms)",
      [](const std::string& item) { return parse_duration(item, TimeUnit::kMilliseconds); });

  std::string errors;
  auto fail = [&errors](const std::string& msg) { errors += errors.empty() ? msg : "; " + msg; };
  auto positive = [&fail](double v, const char* option, double max) {
    if (!(v > 0) || !std::isfinite(v) || v > max) {
      fail(fmt::format("{} must be > 0 and <= {} (got {})", option, max, v));
    }
  };
  for (double interval : s.poll_intervals_ms) {
    if (!(interval >= 1) || interval > 3.6e6) {  // pushbench-client's range
      fail(fmt::format("--poll-interval must be 1..3600000 ms (got {})", interval));
    }
  }
  positive(o.duration_s, "--duration", 86400);
  positive(o.longpoll_timeout_s, "--longpoll-timeout", 3600);
  if (!(o.ws_ping_s >= 0) || o.ws_ping_s > 3600 || (o.ws_ping_s > 0 && o.ws_ping_s < 0.01)) {
    fail(fmt::format("--ws-ping must be 0 (none) or 0.01..3600 seconds (got {})", o.ws_ping_s));
  }
  if (!(o.warmup_s >= 0) || o.warmup_s > 86400) {
    fail(fmt::format("--warmup must be >= 0 seconds (got {})", o.warmup_s));
  }
  if (!(o.drain_s >= 0) || o.drain_s > 3600) {
    fail(fmt::format("--drain must be >= 0 seconds (got {})", o.drain_s));
  }
  if (o.repeat < 1 || o.repeat > 1000) {
    fail(fmt::format("--repeat must be 1..1000 (got {})", o.repeat));
  }
  if (o.loop != "libev" && o.loop != "libuv" && o.loop != "poll") {
    fail(fmt::format("unknown --loop '{}' (known: libev, libuv, poll)", o.loop));
  }
  if (o.queue_cap < 1) {
    fail(fmt::format("--queue-cap must be at least 1 (got {})", o.queue_cap));
  }
  if (o.h2_clients_per_conn < 1 || o.h2_clients_per_conn > kMaxH2ClientsPerConn) {
    fail(fmt::format("--h2-clients-per-conn must be 1..{} (got {})", kMaxH2ClientsPerConn,
                     o.h2_clients_per_conn));
  }
  for (Workload w : o.sweep.workloads) {
    if (const std::string p = o.deflate.problem(has_upstream(w)); !p.empty()) {
      fail(p);
    }
  }
  for (Transport t : o.transports) {
    for (Workload w : o.sweep.workloads) {
      if (is_h2(t) && !o.tls && has_upstream(w)) {
        fail(h2c_upstream_refusal(t, w));
      }
      if (const std::string refusal = http_engine_refusal(o.http_engine, t, o.tls, w);
          !refusal.empty() && errors.find(refusal) == std::string::npos) {
        fail(refusal);
      }
    }
  }
  if (!errors.empty()) {
    throw ConfigError(errors);
  }
  o.tls_version = parse_tls_version(lists.tls_version, "--tls-version");
  o.tls_resume = parse_on_off(lists.tls_resume, "--tls-resume");
  o.net = resolve_net_conditions(lists.net);
  if (!lists.net.empty()) {
    if (geteuid() != 0) {
      throw ConfigError(
          "--net/--rtt/--jitter/--loss/--bandwidth need root (network namespaces, tc, iptables)");
    }
    o.netns = true;
  }
  o.workload.duration_ns = std::llround((o.warmup_s + o.duration_s) * 1e9);
  validate_combinations(o);
  check_servers(o);
  // The first cell's values; the matrix copies the options once per cell with its own.
  o.workload.workload = s.workloads.front();
  o.workload.clients = s.clients.front();
  o.workload.rate_hz = s.rates_for(s.workloads.front()).front();
  o.workload.payload_bytes = s.payloads.front();
  o.poll_interval_ms = s.poll_intervals_ms.front();
  if (o.client_procs < 0 || o.server_procs < 0) {
    throw ConfigError("--client-procs and --server-procs must be 0 (automatic) or more");
  }
  // Every cell's shards can be made, each process within its open files (HTTP transports send
  // chat / game messages on a second connection per client).
  RunOptions cell = o;
  for (Workload w : s.workloads) {
    cell.workload.workload = w;
    for (int clients : s.clients) {
      for (Transport t : o.transports) {
        const ShardPlan plan = plan_shards(cell, t, clients);
        const bool arm = std::any_of(o.servers.begin(), o.servers.end(),
                                     [](ServerImpl i) { return i != ServerImpl::kPushbench; });
        if (plan.server_procs > 1 && arm) {
          throw ConfigError(
              fmt::format("{} clients need {} server processes: --server nginx|pushpin runs one",
                          clients, plan.server_procs));
        }
      }
    }
  }
}

}  // namespace pushbench
