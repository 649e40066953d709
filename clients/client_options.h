// pushbench-client's options: which transport, which server, which clients, which window.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "endpoint.h"
#include "http_engine.h"
#include "tls_config.h"
#include "transport.h"
#include "workload.h"
#include "ws_deflate.h"

namespace pushbench {

struct ClientOptions {
  Transport transport = Transport::kPoll;
  std::string host = "127.0.0.1";
  // --source-address: every connection from this IPv4 address (a client shard's own in
  // 127.0.0.0/8, source_address.h); empty = the kernel's choice. source_addr_be: parsed, 0 = none.
  std::string source_address;
  uint32_t source_addr_be = 0;
  int port = 8080;
  int first_client = 0;       // this process runs clients first_client .. first_client+count-1
  int count = 0;              // 0 = all workload.clients
  int64_t epoch_mono_ns = 0;  // the server's schedule time zero (CLOCK_MONOTONIC)
  // The server host's CLOCK_MONOTONIC minus this host's (pushbench-mpi, a server on another
  // host): an event's t_ns, the server's clock, is t_ns - clock_offset_ns in this one. 0: one host.
  int64_t clock_offset_ns = 0;
  int64_t warmup_ns = 0;  // window = [epoch + warmup, epoch + warmup + duration)
  int64_t window_ns = 0;
  int64_t poll_interval_ns = 1'000'000'000;
  int64_t longpoll_timeout_ns = 30'000'000'000;     // the server's hang timeout (RFC 6202)
  DeflateOffer deflate_offer = DeflateOffer::kLws;  // ws-deflate's permessage-deflate offer
  std::string result_path;                          // result JSON; empty = stdout
  std::string samples_path;  // --samples: raw latency samples too (latency_samples.h); empty = no
  // Connections have kept failing with no answer from the server for this long: the client
  // gives up (exit 1) instead of retrying for as long as it is left running.
  int64_t give_up_ns = 10'000'000'000;
  double churn_pct_per_s = 0;  // --churn: % of the clients reconnecting every second (churn.h)
  // --tls-ca: https and wss, trusting exactly this certificate (the run's own); empty = plain.
  std::string tls_ca_path;
  TlsVersion tls_version = TlsVersion::kTls13;  // the only version offered
  bool tls_resume = true;  // HTTP clients resume their own TLS sessions (browsers do)
  // poll, poll-close and longpoll: libcurl (what a typical client costs) or the lean engine (the
  // floor of a client's CPU per request).
  HttpEngine http_engine = HttpEngine::kCurl;
  // --ws-engine lean: ws without libwebsockets (clients/lean_ws_session.cc), the floor of a
  // WebSocket client's cost; downstream only, plain, no permessage-deflate.
  bool lean_ws = false;
  // The HTTP/2 transports: this many clients (consecutive ids) share one connection.
  int h2_clients_per_conn = 1;
  WorkloadSpec workload;  // duration_ns = warmup + window (the schedule the server runs)
  // --url: measure that endpoint (endpoint.h) instead of pushbench-server's contract; the
  // options above do not apply then.
  std::optional<EndpointOptions> endpoint;

  bool tls() const noexcept { return !tls_ca_path.empty(); }
  int64_t window_start_ns() const noexcept { return epoch_mono_ns + warmup_ns; }
  int64_t window_end_ns() const noexcept { return window_start_ns() + window_ns; }
};

// Parses argv; throws ConfigError with a one-line message; --help prints and exits.
ClientOptions parse_client_options(int argc, char** argv);

}  // namespace pushbench
