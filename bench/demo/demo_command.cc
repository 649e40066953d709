// `pushbench demo`: pushbench-server with the live page, until Ctrl-C.
#include "demo_command.h"

#include <unistd.h>

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <thread>

#include "child_process.h"
#include "cli.h"
#include "clock.h"
#include "config_error.h"
#include "stop_flag.h"
#include "workload.h"

namespace pushbench {
namespace {
constexpr int64_t kStartTimeoutNs = 10 * kNsPerSec;
constexpr int64_t kStopTimeoutNs = 5 * kNsPerSec;

// pushbench-server beside this binary (installed) or in the build tree's servers/.
std::string server_binary() {
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  const std::string dir = ec ? "." : self.parent_path().string();
  for (const std::string& candidate :
       {dir + "/pushbench-server", dir + "/../servers/pushbench-server"}) {
    if (access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
  }
  throw std::runtime_error(fmt::format("cannot find pushbench-server next to {}", dir));
}

// One line from the server's exit statistics: what the four panels cost it.
std::string served_summary(const std::string& stats_path) {
  std::ifstream in(stats_path);
  const nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return "the server wrote no statistics";
  }
  auto n = [&j](const char* key) { return j.value(key, uint64_t{0}); };
  return fmt::format(
      "{} events published; {} /poll and {} /longpoll requests ({} held, {} answered empty), "
      "{} SSE streams, {} WebSockets; server CPU {:.2f} s",
      n("events_published"), n("poll_requests"), n("longpoll_requests"), n("longpoll_held"),
      n("poll_empty"), n("sse_streams"), n("ws_accepted"), j.value("rusage_cpu_s", 0.0));
}
}  // namespace

void add_demo_options(CLI::App& app, DemoOptions& o) {
  app.add_option("--port", o.port, "port on 127.0.0.1 (0 = any free port)")->capture_default_str();
  app.add_option("--rate", o.rate_hz, "broadcast events per second")->capture_default_str();
  app.add_option("--payload", o.payload_bytes, "bytes of every event's JSON")
      ->capture_default_str();
  app.add_option("--seed", o.seed, "schedule seed")->capture_default_str();
  app.add_option("-c,--clients", o.clients,
                 "client ids the server knows (each page takes 4: one per panel)")
      ->capture_default_str();
  add_duration_option(app, "--poll-interval", o.poll_interval_ms, TimeUnit::kMilliseconds,
                      "time between the fetch-polling panel's requests (whole milliseconds)");
  app.add_option("--web-dir", o.web_dir, "the page's files (default: the source tree's web/)");
}

int demo_command(const DemoOptions& o) {
  WorkloadSpec spec;  // its checks of rate, payload and clients are the server's
  spec.rate_hz = o.rate_hz;
  spec.payload_bytes = o.payload_bytes;
  spec.clients = o.clients;
  spec.seed = o.seed;
  spec.validate();
  if (o.port < 0 || o.port > 65535) {
    throw ConfigError(fmt::format("--port must be 0..65535 (got {})", o.port));
  }
  if (o.clients < 4) {
    throw ConfigError(
        fmt::format("--clients must be at least 4, one per panel (got {})", o.clients));
  }
  if (o.poll_interval_ms < 10 || o.poll_interval_ms > 60'000) {
    throw ConfigError(
        fmt::format("--poll-interval must be 10..60000 ms (got {})", o.poll_interval_ms));
  }
  const std::string web_dir = o.web_dir.empty() ? PUSHBENCH_WEB_DIR : o.web_dir;
  if (access((web_dir + "/index.html").c_str(), R_OK) != 0) {
    throw ConfigError(fmt::format("--web-dir {}: no readable index.html there", web_dir));
  }
  const auto tmp = std::filesystem::temp_directory_path();
  const std::string log = (tmp / fmt::format("pushbench-demo-{}.log", getpid())).string();
  const std::string stats = (tmp / fmt::format("pushbench-demo-{}.json", getpid())).string();
  ChildProcess server({server_binary(), "--port", std::to_string(o.port), "--demo-dir", web_dir,
                       "--workload", "broadcast", "--clients", std::to_string(o.clients), "--rate",
                       fmt::format("{}", o.rate_hz), "--payload", std::to_string(o.payload_bytes),
                       "--seed", std::to_string(o.seed), "--stats", stats},
                      -1, log);
  const auto ready = server.read_line(mono_ns() + kStartTimeoutNs);
  if (!ready) {
    server.terminate(kStopTimeoutNs);
    if (stop_requested()) {
      return 0;
    }
    throw std::runtime_error(fmt::format("pushbench-server did not start: {}", server.describe()));
  }
  const int port = nlohmann::json::parse(*ready).at("port").get<int>();
  fmt::print(
      "pushbench demo: open http://127.0.0.1:{}/demo/?poll={}\n"
      "  broadcast of {} events/s, {} B each (seed {}), client ids 0..{}; Ctrl-C stops\n"
      "  server log: {} (removed when it stops cleanly)\n",
      port, o.poll_interval_ms, o.rate_hz, o.payload_bytes, o.seed, o.clients - 1, log);
  std::fflush(stdout);
  while (!stop_requested() && server.running()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (!stop_requested()) {
    throw std::runtime_error(fmt::format("pushbench-server {}", server.describe()));
  }
  const bool clean = server.terminate(kStopTimeoutNs);
  fmt::print("pushbench demo: stopped. {}\n", clean ? served_summary(stats) : server.describe());
  std::filesystem::remove(stats);
  if (clean) {
    std::filesystem::remove(log);  // kept when something went wrong: it says what
  }
  return clean ? 0 : 1;
}

}  // namespace pushbench
