// `pushbench run` options: the scenario matrix and how each repetition is measured.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "http_engine.h"
#include "net_conditions.h"
#include "server_impl.h"
#include "tls_config.h"
#include "transport.h"
#include "workload.h"
#include "ws_deflate.h"

namespace CLI {
class App;
}

namespace pushbench {

// Every value of the options that take a comma-separated list. The matrix is their product
// (bench/run/matrix.h); a poll interval only multiplies the polling transports.
struct SweepValues {
  std::vector<Workload> workloads;
  std::vector<int> clients;
  std::vector<double> rates_hz;  // empty: every workload at its own default rate
  std::vector<int> payloads;
  std::vector<double> poll_intervals_ms;

  // The rates workload `w` runs at: --rate's values, or the workload's default (game: its tick).
  std::vector<double> rates_for(Workload w) const;
};

// --target URL: a server pushbench does not start (a user's own), its endpoint measured as
// pushbench-client --url measures one (common/endpoint.h, bench/run/target_command.h).
struct TargetOptions {
  std::string url;              // empty: pushbench-server (or --server's) runs
  std::string mode;             // sse, poll or ws: --mode or -t; empty = inferred from the URL
  std::string timestamp_field;  // a JSON pointer; empty: latency not measured
  std::string timestamp_clock = "wall-ms";
  std::string tls_ca;  // https / wss: trust only this PEM (default: the system's CAs)
  int pid = 0;         // --target-pid: its process tree's CPU and RSS are sampled; 0: not
};

struct RunOptions {
  std::vector<Transport> transports{std::begin(kAllTransports), std::end(kAllTransports)};
  // --server: the implementations every transport runs against, side by side (server_impl.h).
  std::vector<ServerImpl> servers{ServerImpl::kPushbench};
  // One cell's workload and poll interval: the first cell's after finish_run_options, each
  // cell's own in the copies the matrix makes (bench/run/matrix.h).
  WorkloadSpec workload{.clients = 1000, .rate_hz = 10, .payload_bytes = 256};
  double poll_interval_ms = 1000;
  SweepValues sweep;               // every value of the swept options
  double longpoll_timeout_s = 30;  // server's hang timeout for /longpoll
  double ws_ping_s = 0;            // server's WebSocket keep-alive ping interval; 0 = none
  DeflateOffer deflate_offer = DeflateOffer::kLws;  // the ws-deflate client's offer
  DeflateParams deflate;                            // the server's ws-deflate compressor
  // --http-engine: poll, poll-close and longpoll's client, libcurl or the lean engine.
  HttpEngine http_engine = HttpEngine::kCurl;
  double warmup_s = 3;
  double duration_s = 15;
  double drain_s = 0;  // 0: effective_drain_s()
  int repeat = 1;
  std::string out_dir;  // empty = results/runs/<UTC timestamp>
  bool force = false;   // --out may hold an earlier run's results: they are removed first
  bool quiet = false;   // --quiet: no progress lines on stderr
  std::string loop = "libev";
  int queue_cap = 4096;
  bool pin = true;     // server on CPU 0, client on CPU 1 (when there are two)
  bool netns = false;  // server and client in network namespaces joined by a veth pair
  NetConditions net;   // between them (--net and its overrides imply --netns)
  // --tls: https / wss, and raw TCP over TLS, with a certificate the Runner makes for
  // the run in raw/.
  bool tls = false;
  TlsVersion tls_version = TlsVersion::kTls13;
  bool tls_resume = true;  // HTTP clients resume their own sessions (poll-close: every request)
  // --h2-clients-per-conn: the HTTP/2 transports' clients share one connection per this many
  // (1: one connection per client, as one browser page; more: a proxy multiplexing its users).
  int h2_clients_per_conn = 1;
  // --client-procs / --server-procs: processes each repetition's clients and server are spread
  // over (bench/run/shard_plan.h); 0 = automatic (one below 16,000 / 18,000 clients).
  int client_procs = 0;
  int server_procs = 0;
  TargetOptions target;  // --target: measure that endpoint instead
  bool plots = true;     // render the report's plots at the end
  std::string command_line;

  // --drain, or when 0: max(1 s, 2 poll intervals), and under network conditions 4 x (RTT +
  // jitter) more, and with loss 2 x (200 ms + RTT + jitter) more (a satellite poll-close client's
  // new TLS connection takes 3 round trips before its request: 1.8 s).
  double effective_drain_s() const noexcept;
};

// The command line's text of the options that take lists; finish_run_options converts them.
struct RunOptionLists {
  std::string transports;  // empty: poll,poll-close,ws (with --target: the URL's mode)
  std::string servers = "pushbench";
  std::string workloads = "broadcast";
  std::string clients = "1000";
  std::string rates;  // empty: each workload's default rate
  std::string payloads = "256";
  std::string poll_intervals = "1000";
  NetRequest net;  // --net, --rtt, --jitter, --loss, --bandwidth
  std::string tls_version = "1.3";
  std::string tls_resume = "on";
};

// Registers the `run` options on `app`; call finish_run_options after parsing.
void add_run_options(CLI::App& app, RunOptions& o, RunOptionLists& lists);
// Converts and validates every value of every list; throws ConfigError with a one-line reason.
void finish_run_options(RunOptions& o, const RunOptionLists& lists);

}  // namespace pushbench
