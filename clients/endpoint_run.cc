// pushbench-client --url: run and report.
#include "endpoint_run.h"

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <thread>

#include "cli.h"
#include "clock.h"
#include "stop_flag.h"

namespace pushbench {

int run_endpoint(const EndpointOptions& options) {
  const EndpointUrl url = split_endpoint_url(options.url);
  const int64_t start_ns = options.start_mono_ns > 0 ? options.start_mono_ns : mono_ns();
  const int64_t end_ns = start_ns + options.warmup_ns + options.window_ns;
  EndpointStats stats(options, start_ns + options.warmup_ns);
  if (!options.quiet) {
    fmt::print(stderr, "pushbench-client: {} {} client{} on {} for {:g} s ({:g} s warm-up)\n",
               options.clients, name(options.mode), options.clients == 1 ? "" : "s", options.url,
               static_cast<double>(options.warmup_ns + options.window_ns) / 1e9,
               static_cast<double>(options.warmup_ns) / 1e9);
  }
  if (options.mode == EndpointMode::kWs) {
    run_ws_endpoint(options, url, stats, start_ns, end_ns);
  } else {
    run_http_endpoint(options, stats, start_ns, end_ns);
  }
  if (stats.connections() == 0) {
    throw std::runtime_error(
        fmt::format("no connection to {} opened{}", options.url,
                    stats.first_error().empty() ? "" : fmt::format(" ({})", stats.first_error())));
  }
  fmt::print("{}", stats.table());
  if (!options.result_path.empty()) {
    emit_json(options.result_path, stats.json().dump());
  }
  std::fflush(stdout);
  while (options.linger && !stop_requested()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return 0;
}

}  // namespace pushbench
