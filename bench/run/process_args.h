// The command lines of one repetition's measured processes: what every pushbench-server and
// pushbench-client of a cell is given, whoever starts them (the local Runner, or a rank of
// pushbench-mpi on another host, bench/mpi/). Each starter appends what is its own: shard ranges,
// addresses, TLS files, namespaces.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "run_options.h"
#include "transport.h"

namespace pushbench {

// From now to time zero (--epoch-mono-ns): room to connect every client before the first event.
// An arm (--server nginx|pushpin) needs more: its processes start, and Pushpin answers a burst
// of connections it cannot queue (over 100 new requests waiting for zurl) with 502s that the
// clients retry, then subscribes each to the channel after its response (docs/method.md).
int64_t start_delay_ns(const WorkloadSpec& w, bool arm);

// The schedule both sides share: workload, clients, rate, payload, seed, time zero (`epoch`, in
// the clock of the host the process runs on) and the long-poll timeout.
std::vector<std::string> schedule_args(const RunOptions& o, int64_t epoch);

// The server's --idle-timeout: a keep-alive poller must not be closed between two of its polls
// (with its default, 60 s, 899 of 100,000 clients polling every 60 s were closed and reconnected
// in a 20 s window, reconnects counted as the transport's), so twice the poll interval, at
// least 60 s, at most 3600.
int server_idle_timeout_s(const RunOptions& o);

// pushbench-server (`binary`) on port 0 for `t`, its statistics in `stats_path`, with the
// schedule; HTTP/2 transports get --h2.
std::vector<std::string> server_args(const std::string& binary, const RunOptions& o, Transport t,
                                     const std::string& stats_path, int64_t epoch);

// pushbench-client (`binary`) of `t` against `port`, its result in `result_path`, with the
// schedule and the HTTP/2 sharing option.
std::vector<std::string> client_args(const std::string& binary, const RunOptions& o, Transport t,
                                     int port, const std::string& result_path, int64_t epoch);

// A shard's client id range and its raw samples file (server or client).
std::vector<std::string> shard_range_args(int first, int count, const std::string& samples_path);

}  // namespace pushbench
