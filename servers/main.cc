// pushbench-server: serve one seeded event schedule over /poll and /ws until SIGINT/SIGTERM.
#include <fmt/format.h>

#include <cstdio>

#include "config_error.h"
#include "csv_writer.h"
#include "fd_limit.h"
#include "workload.h"
#include "server.h"
#include "stop_flag.h"

int main(int argc, char** argv) try {
  pushbench::ServerOptions options = pushbench::parse_server_options(argc, argv);
  // Any transport may connect: budget for the most connections per client (HTTP with upstream).
  pushbench::check_fd_budget(
      int64_t{options.workload.clients} *
          (pushbench::has_upstream(options.workload.workload) ? 2 : 1),
      "server");
  pushbench::Server server(options);
  pushbench::install_stop_signal();  // after lws set up its loop, which may claim the signals
  fmt::print(
      "{{\"ready\":true,\"port\":{},\"tcp_port\":{},\"epoch_mono_ns\":{},\"loop\":\"{}\"}}\n",
      server.port(), server.tcp_port(), options.epoch_mono_ns, pushbench::name(options.loop));
  std::fflush(stdout);
  server.run();
  const std::string stats = server.stats_json() + "\n";
  if (options.stats_path.empty()) {
    fmt::print("{}", stats);
  } else {
    pushbench::write_file_atomic(options.stats_path, stats);
  }
  return 0;
} catch (const pushbench::ConfigError& e) {
  fmt::print(stderr, "pushbench-server: {}\n", e.what());
  return 2;
} catch (const std::exception& e) {
  fmt::print(stderr, "pushbench-server: {}\n", e.what());
  return 1;
}
