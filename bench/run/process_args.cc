// The command lines of one repetition's measured processes.
#include "process_args.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "clock.h"

namespace pushbench {
namespace {
std::string arg(double v) { return fmt::format("{}", v); }

void append(std::vector<std::string>& to, const std::vector<std::string>& more) {
  to.insert(to.end(), more.begin(), more.end());
}
}  // namespace

int64_t start_delay_ns(const WorkloadSpec& w, bool arm) {
  return (arm ? 2 : 1) * kNsPerSec + static_cast<int64_t>(w.clients) * (arm ? 2'000'000 : 200'000);
}

std::vector<std::string> schedule_args(const RunOptions& o, int64_t epoch) {
  const WorkloadSpec& w = o.workload;
  return {"--workload",
          std::string(name(w.workload)),
          "--arrival",
          std::string(name(w.arrival)),
          "--clients",
          std::to_string(w.clients),
          "--rate",
          arg(w.rate_hz),
          "--payload",
          std::to_string(w.payload_bytes),
          "--room-size",
          std::to_string(w.room_size),
          "--input-bytes",
          std::to_string(w.input_bytes),
          "--seed",
          std::to_string(w.seed),
          "--epoch-mono-ns",
          std::to_string(epoch),
          "--longpoll-timeout",
          arg(o.longpoll_timeout_s)};
}

int server_idle_timeout_s(const RunOptions& o) {
  constexpr int kDefault = 60;  // pushbench-server's own
  constexpr int kMax = 3600;
  const int twice_interval = static_cast<int>(std::ceil(2 * o.poll_interval_ms / 1000));
  return std::clamp(twice_interval, kDefault, kMax);
}

std::vector<std::string> server_args(const std::string& binary, const RunOptions& o, Transport t,
                                     const std::string& stats_path, int64_t epoch) {
  std::vector<std::string> argv = {
      binary, "--port", "0", "--loop", o.loop, "--queue-cap", std::to_string(o.queue_cap),
      "--warmup", arg(o.warmup_s), "--duration", arg(o.duration_s),
      // Pings are WebSocket's: no pinger on the others.
      "--ws-ping", arg(is_websocket(t) ? o.ws_ping_s : 0), "--stats", stats_path, "--idle-timeout",
      std::to_string(server_idle_timeout_s(o)), "--deflate-window-bits",
      std::to_string(o.deflate.window_bits), "--deflate-mem-level",
      std::to_string(o.deflate.mem_level)};
  append(argv, schedule_args(o, epoch));
  if (is_h2(t)) {
    // Only these runs serve HTTP/2 (ws stays on HTTP/1.1): ALPN h2 with --tls, else h2c.
    argv.emplace_back("--h2");
  }
  return argv;
}

std::vector<std::string> client_args(const std::string& binary, const RunOptions& o, Transport t,
                                     int port, const std::string& result_path, int64_t epoch) {
  std::vector<std::string> argv = {binary,
                                   "--transport",
                                   std::string(name(t)),
                                   "--port",
                                   std::to_string(port),
                                   "--warmup",
                                   arg(o.warmup_s),
                                   "--duration",
                                   arg(o.duration_s),
                                   "--poll-interval",
                                   arg(o.poll_interval_ms),
                                   "--deflate-offer",
                                   std::string(name(o.deflate_offer)),
                                   "--result",
                                   result_path};
  append(argv, schedule_args(o, epoch));
  if (uses_http_engine(t)) {
    append(argv, {"--http-engine", std::string(name(o.http_engine))});
  }
  if (is_h2(t)) {
    append(argv, {"--h2-clients-per-conn", std::to_string(o.h2_clients_per_conn)});
  }
  return argv;
}

std::vector<std::string> shard_range_args(int first, int count, const std::string& samples_path) {
  return {"--first-client",      std::to_string(first), "--count",
          std::to_string(count), "--samples",           samples_path};
}

}  // namespace pushbench
