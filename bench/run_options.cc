// `pushbench run` options.
#include "run_options.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>

#include "config_error.h"
#include "fd_limit.h"

namespace pushbench {

double RunOptions::effective_drain_s() const noexcept {
  return drain_s > 0 ? drain_s : std::max(1.0, 2 * poll_interval_ms / 1000.0);
}

void add_run_options(CLI::App& app, RunOptions& o, std::string& transports_text) {
  app.add_option("--transports", transports_text,
                 "comma-separated transports: poll, poll-close, longpoll, sse, ws, ws-deflate, "
                 "tcp (or all)")
      ->capture_default_str();
  add_workload_options(app, o.workload);
  app.add_option("--poll-interval", o.poll_interval_ms, "milliseconds between polls of one client")
      ->capture_default_str();
  app.add_option("--longpoll-timeout", o.longpoll_timeout_s,
                 "seconds the server holds a long poll before answering 204")
      ->capture_default_str();
  app.add_option("--warmup", o.warmup_s, "seconds of load before the window")->capture_default_str();
  app.add_option("--duration", o.duration_s, "seconds of measurement window")->capture_default_str();
  app.add_option("--drain", o.drain_s, "seconds after the window for in-flight events "
                                       "(default max(1, 2 poll intervals))");
  app.add_option("--repeat", o.repeat, "repetitions of every cell")->capture_default_str();
  app.add_option("--out", o.out_dir, "results directory (default results/runs/<UTC time>)");
  app.add_option("--loop", o.loop, "server event loop: libev, libuv or poll")->capture_default_str();
  app.add_option("--queue-cap", o.queue_cap, "server's max pending events per client")
      ->capture_default_str();
  app.add_flag("!--no-pin", o.pin, "do not pin server and client to different CPUs");
  app.add_flag("--netns", o.netns,
               "root only: run server and client in network namespaces joined by a veth pair and "
               "add the interface counters as a second byte/packet source");
}

void finish_run_options(RunOptions& o, const std::string& transports_text) {
  o.transports = parse_transport_list(transports_text);
  std::string errors;
  auto fail = [&errors](const std::string& msg) { errors += errors.empty() ? msg : "; " + msg; };
  auto positive = [&fail](double v, const char* option, double max) {
    if (!(v > 0) || !std::isfinite(v) || v > max) {
      fail(fmt::format("{} must be > 0 and <= {} (got {})", option, max, v));
    }
  };
  positive(o.poll_interval_ms, "--poll-interval", 3.6e6);
  positive(o.duration_s, "--duration", 86400);
  positive(o.longpoll_timeout_s, "--longpoll-timeout", 3600);
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
  if (!errors.empty()) {
    throw ConfigError(errors);
  }
  o.workload.duration_ns = std::llround((o.warmup_s + o.duration_s) * 1e9);
  o.workload.validate();
  check_fd_budget(o.workload.clients, "client");
}

}  // namespace pushbench
