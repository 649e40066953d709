// One repetition against a target.
#include "target_runner.h"

#include <fmt/format.h>

#include <fstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "child_process.h"
#include "clock.h"
#include "repetition_processes.h"

namespace pushbench {
namespace {
constexpr int64_t kStartNs = 300 * kNsPerMs;       // from spawning the client to its time zero
constexpr int64_t kStopTimeoutNs = 5 * kNsPerSec;  // SIGTERM, then SIGKILL

std::optional<ProcSample> sample_target(const TargetOptions& t) {
  if (t.pid == 0) {
    return std::nullopt;
  }
  auto s = sample_process_tree(t.pid);
  if (!s) {
    throw std::runtime_error(fmt::format("the target's process {} is gone", t.pid));
  }
  return s;
}
}  // namespace

TargetResult run_target_repetition(const RunOptions& o, int clients, int repetition,
                                   const std::string& raw_dir) {
  check_stop();
  const TargetOptions& t = o.target;
  const std::string stem = fmt::format("{}/target-c{}-r{}", raw_dir, clients, repetition);
  TargetResult r;
  r.target_before = sample_target(t);
  const int64_t epoch = mono_ns() + kStartNs;
  std::vector<std::string> argv = {find_binary("pushbench-client", true),
                                   "--url",
                                   t.url,
                                   "--mode",
                                   t.mode,
                                   "--clients",
                                   std::to_string(clients),
                                   "--warmup",
                                   fmt::format("{}", o.warmup_s),
                                   "--duration",
                                   fmt::format("{}", o.duration_s),
                                   "--poll-interval",
                                   fmt::format("{}", o.poll_interval_ms),
                                   "--epoch-mono-ns",
                                   std::to_string(epoch),
                                   "--result",
                                   stem + ".json",
                                   "--quiet",
                                   "--linger"};
  if (!t.timestamp_field.empty()) {
    argv.insert(argv.end(),
                {"--timestamp-field", t.timestamp_field, "--timestamp-clock", t.timestamp_clock});
  }
  if (!t.tls_ca.empty()) {
    argv.insert(argv.end(), {"--tls-ca", t.tls_ca});
  }
  const int cpu = o.pin && std::thread::hardware_concurrency() >= 2 ? 1 : -1;
  ChildProcess client(argv, cpu, stem + ".log");
  const Children children = {{&client, "pushbench-client"}};
  const int64_t window_start = epoch + std::llround(o.warmup_s * 1e9);
  const int64_t window_end = window_start + std::llround(o.duration_s * 1e9);
  wait_until(window_start, children);
  r.client_start = must_sample(client, "client");
  r.target_start = sample_target(t);
  wait_until(window_end, children);
  r.client_end = must_sample(client, "client");
  r.target_end = sample_target(t);
  // It has written its result at the window's end (or writes it now, on SIGTERM) and lingers
  // until told to stop.
  check_stop();
  if (!client.terminate(kStopTimeoutNs)) {
    throw std::runtime_error(fmt::format("pushbench-client {}", client.describe()));
  }
  std::ifstream in(stem + ".json");
  r.client = nlohmann::json::parse(in, nullptr, false);
  if (r.client.is_discarded() || !r.client.is_object()) {
    throw std::runtime_error(
        fmt::format("pushbench-client wrote no readable result ({}.json)", stem));
  }
  return r;
}

}  // namespace pushbench
