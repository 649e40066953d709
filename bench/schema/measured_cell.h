// What one repetition of one cell measured, as results.csv's columns read it: the cell's
// scenario and the two processes' results. `pushbench run` fills it (bench/run/cell_row.h); the
// columns (result_columns.h) are functions of it, so the schema knows nothing of the runner.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "http_engine.h"
#include "proc_stats.h"
#include "transport.h"
#include "workload.h"
#include "ws_deflate.h"

namespace pushbench {

// --netns: what the client's veth counted over the window (Ethernet frames, 14 B header each).
struct VethCounts {
  uint64_t bytes_up = 0;
  uint64_t bytes_down = 0;
  uint64_t packets_up = 0;
  uint64_t packets_down = 0;
};

// --netns: the network conditions asked for between server and clients (net/net_conditions.h).
struct NetAsked {
  std::string profile = "loopback";
  double rtt_ms = 0, jitter_ms = 0, loss_pct = 0;
  double down_mbit = 0, up_mbit = 0;  // 0: no rate cap
};

// --rtt/--jitter without netem: the delay stages (pushbench-delay, both directions) over the
// window.
struct DelayUse {
  double cpu_s = 0;
  uint64_t late = 0;     // packets read or released more than 1 ms past their release time
  uint64_t packets = 0;  // packets delayed
};

// pushbench-mpi: how the clients' latency clock was set against their servers' (time zero is the
// server host's CLOCK_MONOTONIC, bench/mpi/clock_sync.h). The client shard with the largest
// uncertainty speaks for the row.
struct ClockUse {
  double offset_us = 0;       // server clock minus client clock, measured (NTP-style, min RTT)
  double uncertainty_us = 0;  // +- half the minimum round trip of that measurement
  bool applied = false;       // false: every client shard shares its server's host (exact)
};

struct MeasuredCell {
  const nlohmann::json& client;  // pushbench-client's result JSON
  const nlohmann::json& server;  // pushbench-server's exit statistics
  // The cell.
  Transport transport = Transport::kPoll;
  WorkloadSpec workload{};
  double poll_interval_ms = 0;
  double warmup_s = 0;
  double duration_s = 0;  // the window
  std::string loop{};     // the server's event loop
  double ws_ping_s = 0;
  DeflateOffer deflate_offer = DeflateOffer::kLws;
  int repetition = 0;
  std::string server_impl = "pushbench";  // --server: pushbench, nginx or pushpin
  bool tls = false;                       // --tls (every transport, raw TCP too)
  bool tls_resume = false;                // --tls-resume on (with tls)
  int h2_clients_per_conn = 0;            // HTTP/2 transports: --h2-clients-per-conn; 0 otherwise
  HttpEngine http_engine = HttpEngine::kCurl;  // poll, poll-close, longpoll: --http-engine
  // The processes at the window's edges, and the server's memory before and after connecting.
  ProcSample server_start{}, server_end{}, client_start{}, client_end{};
  int64_t server_rss_before_clients_kb = 0;
  int64_t server_rss_clients_ready_kb = 0;
  std::optional<VethCounts> veth{};          // with --netns only
  std::optional<double> foreign_cpu_pct{};   // other processes on the measured cores
  bool foreign_load = false;                 // foreign_cpu_pct above the flag's threshold
  std::optional<NetAsked> net{};             // with --netns only
  std::optional<DelayUse> delay{};           // with a delay stage only
  std::optional<uint64_t> server_retrans{};  // --netns: segments the server resent in the window
  std::optional<uint64_t> rate_drops{};      // a rate cap: packets its queue dropped in the window
  std::optional<uint64_t> loss_drops{};      // --loss: packets its rules dropped in the window
  // --server nginx|pushpin: the implementation's own processes at the window's edges (also in
  // server_start/server_end, which hold the whole server side).
  std::optional<ProcSample> impl_start{}, impl_end{};
  std::optional<ClockUse> clock{};  // pushbench-mpi only
};

}  // namespace pushbench
