// pushbench-server: serve one seeded event schedule over /poll and /ws until SIGINT/SIGTERM.
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>

#include "cli.h"
#include "fd_limit.h"
#include "header_table_allocator.h"
#include "server.h"
#include "stop_flag.h"

int main(int argc, char** argv) {
  return pushbench::run_main("pushbench-server", [&] {
    pushbench::ServerOptions options = pushbench::parse_server_options(argc, argv);
    // One connection per client it holds: `pushbench run` checks the second one HTTP transports
    // open for chat / game messages before it starts anything (this server does not know the
    // transport).
    pushbench::check_fd_budget(options.count, 1, "server");
    // Before the context and outliving it: lws' header tables in pages of their own, as many as
    // its pool holds (server.cc), so that a connect burst's tables go back to the kernel.
    pushbench::HeaderTableAllocator header_tables(
        static_cast<size_t>(std::max<int64_t>(1024, pushbench::raise_fd_limit())));
    pushbench::Server server(options);
    pushbench::install_stop_signal();  // after lws set up its loop, which may claim the signals
    fmt::print(
        "{{\"ready\":true,\"port\":{},\"tcp_port\":{},\"epoch_mono_ns\":{},\"loop\":\"{}\"}}\n",
        server.port(), server.tcp_port(), options.epoch_mono_ns, pushbench::name(options.loop));
    std::fflush(stdout);
    server.run();
    const std::string stats = server.stats_json();
    if (!options.samples_path.empty()) {
      server.write_samples(options.samples_path);
    }
    pushbench::emit_json(options.stats_path, stats);
    return 0;
  });
}
