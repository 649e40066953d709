// `pushbench run` options: the scenario matrix and how each repetition is measured.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "transport.h"
#include "workload.h"

namespace CLI {
class App;
}

namespace pushbench {

struct RunOptions {
  std::vector<Transport> transports{std::begin(kAllTransports), std::end(kAllTransports)};
  WorkloadSpec workload{.clients = 1000, .rate_hz = 10, .payload_bytes = 256};
  double poll_interval_ms = 1000;
  double longpoll_timeout_s = 30;  // server's hang timeout for /longpoll
  double warmup_s = 3;
  double duration_s = 15;
  double drain_s = 0;     // 0 = max(1 s, 2 poll intervals)
  int repeat = 1;
  std::string out_dir;    // empty = results/runs/<UTC timestamp>
  std::string loop = "libev";
  int queue_cap = 4096;
  bool pin = true;        // server on CPU 0, client on CPU 1 (when there are two)
  bool netns = false;     // server and client in network namespaces joined by a veth pair
  std::string command_line;

  double effective_drain_s() const noexcept;
};

// Registers the `run` options on `app`; call finish_run_options after parsing.
void add_run_options(CLI::App& app, RunOptions& o, std::string& transports_text);
// Converts and validates; throws ConfigError with every problem it finds first.
void finish_run_options(RunOptions& o, const std::string& transports_text);

}  // namespace pushbench
