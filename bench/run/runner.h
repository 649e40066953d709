// Runs one repetition of one cell: starts the server and the client as pinned child processes,
// warms up, samples both processes' CPU and memory across the window, drains, stops them and
// collects what each measured.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "cell_runner.h"
#include "foreign_load.h"
#include "matrix.h"
#include "measured_cell.h"
#include "net_shaper.h"
#include "netns.h"
#include "proc_stats.h"
#include "repetition_processes.h"
#include "run_options.h"
#include "server_impl.h"

namespace pushbench {

// One delay stage (pushbench-delay) at a window's edge: its CPU time (/proc, exact) and its
// counters (its stats file, at most 100 ms old).
struct DelaySample {
  double cpu_s = 0;
  uint64_t late = 0;     // packets read or released more than 1 ms late (late_read + verdict)
  uint64_t packets = 0;  // packets it gave a verdict
};

struct CellResult {
  Transport transport = Transport::kPoll;
  ServerImpl server_impl = ServerImpl::kPushbench;
  int repetition = 0;
  nlohmann::json client;  // pushbench-client's result JSON
  nlohmann::json server;  // pushbench-server's exit statistics
  // At the window's edges. The server's is the whole server side: pushbench-server and, with
  // --server nginx|pushpin, every process of the arm (impl_*: those alone).
  ProcSample server_start, server_end, client_start, client_end;
  std::optional<ProcSample> impl_start, impl_end;
  int64_t server_rss_before_clients_kb = 0;
  int64_t server_rss_clients_ready_kb = 0;
  std::optional<IfaceCounters> iface_start, iface_end;  // client veth, with --netns only
  CoreUse cores;  // every CPU's busy time and pushbench's own over the window (foreign_load)
  std::vector<DelaySample> delay_start, delay_end;           // the delay stages (down, up), if any
  std::optional<uint64_t> loss_drops_start, loss_drops_end;  // --loss: the loss rules' drops
  std::optional<uint64_t> rate_drops_start, rate_drops_end;  // --bandwidth: the tbf drops
  std::optional<uint64_t> server_retrans_start, server_retrans_end;  // --netns: its namespace's
  std::optional<ClockUse> clock;  // pushbench-mpi: the client clocks against the servers'
};

class Runner : public CellRunner {
 public:
  Runner(const RunOptions& options, std::string raw_dir);
  // One repetition of `cell` (its own workload and poll interval); raw files are
  // raw/<cell.raw_name>-r<repetition>.*. Throws RunInterrupted as soon as a stop is requested,
  // std::runtime_error with a one-line reason when a process fails, exits, is stopped (SIGSTOP)
  // or its window was not complete; the processes are killed either way.
  CellResult run_cell(const Cell& cell, int repetition) override;
  // With network conditions: the mechanisms that apply them; nullptr without.
  const NetMechanisms* net_mechanisms() const noexcept override {
    return shaper_ ? &shaper_->mechanisms() : nullptr;
  }

 private:
  std::string binary(const char* name) const;
  // The delay stages now, in NetShaper::delay_pids() order; empty without them.
  std::vector<DelaySample> sample_delay_stages() const;
  // With --netns: waits (at most 10 s) until the cell's connections have finished closing, so
  // the next cell does not open its connections beside their last packets.
  void settle_link() const;

  RunOptions options_;  // the cell being run (run_cell sets it), before that the run's
  std::string raw_dir_;
  int server_cpu_ = -1;
  int client_cpu_ = -1;
  std::unique_ptr<NetnsPair> netns_;   // with --netns: the namespaces both processes run in
  std::unique_ptr<NetShaper> shaper_;  // with --net & co: the conditions between them
  std::string tls_cert_path_;          // --tls: the run's self-signed certificate and key, in raw/
  std::string tls_key_path_;
};

}  // namespace pushbench
