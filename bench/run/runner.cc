// Runs one repetition of one cell.
#include "runner.h"

#include <unistd.h>

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "child_process.h"
#include "clock.h"
#include "process_args.h"
#include "repetition_processes.h"
#include "server_arm.h"
#include "shard_files.h"
#include "shard_plan.h"
#include "stale.h"
#include "tls_config.h"

namespace pushbench {
namespace {
constexpr int64_t kStartTimeoutNs = 10 * kNsPerSec;
constexpr int64_t kStopTimeoutNs = 20 * kNsPerSec;
constexpr int64_t kSettleTimeoutNs = 10 * kNsPerSec;
}  // namespace

Runner::Runner(const RunOptions& options, std::string raw_dir)
    : options_(options), raw_dir_(std::move(raw_dir)) {
  if (options.netns) {
    for (const std::string& ns : remove_stale_net_objects()) {
      fmt::print(stderr, "pushbench: removed {}, left behind by a killed run\n", ns);
    }
    netns_ = std::make_unique<NetnsPair>();
  }
  if (options.tls) {
    // Made per run for the address the clients connect to, kept in raw/ with the logs, never
    // committed (the default --out, results/runs/, is git-ignored).
    tls_cert_path_ = raw_dir_ + "/tls-cert.pem";
    tls_key_path_ = raw_dir_ + "/tls-key.pem";
    make_self_signed_certificate(netns_ ? netns_->server_address() : "127.0.0.1", tls_cert_path_,
                                 tls_key_path_);
  }
  if (options.pin && std::thread::hardware_concurrency() >= 2) {
    server_cpu_ = 0;
    client_cpu_ = 1;
  }
  if (options.net.any()) {
    // Each delay stage on the core of the process that sends its packets. Its verdicts carry the
    // receiving stack's work on each packet (net/delay_stage.h), which over loopback the sender's
    // own send does on its core: there it leaves the receiver's core to the receiver. On the
    // receiver's core, as at first, a 1,000-client broadcast's release (6-9 us a packet) and the
    // client's handling of it (9 us) queued behind each other on one core while the server's
    // idled: ws p50 31.5 ms at 40 ms RTT without jitter, 26.5 on the sender's core, where
    // loopback's 6.0 + 20 computes 26.0. foreign_load subtracts its CPU on that core.
    shaper_ = std::make_unique<NetShaper>(
        options.net, netns_->link(),
        NetShaperOptions{.delay_binary = find_binary("pushbench-delay", false),
                         .stats_dir = raw_dir_,
                         .seed = options.workload.seed,
                         .down_cpu = server_cpu_,
                         .up_cpu = client_cpu_});
  }
}

std::vector<DelaySample> Runner::sample_delay_stages() const {
  std::vector<DelaySample> out;
  if (!shaper_) {
    return out;
  }
  const std::vector<pid_t> pids = shaper_->delay_pids();
  const std::vector<std::string> paths = shaper_->delay_stats_paths();
  for (size_t i = 0; i < pids.size() && i < paths.size(); ++i) {
    DelaySample d;
    if (const auto p = sample_process(pids[i])) {
      d.cpu_s = p->cpu_s;
    }
    std::ifstream in(paths[i]);
    const nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
    if (j.is_object()) {
      d.late = j.value("late_read", uint64_t{0}) + j.value("late_verdict", uint64_t{0});
      d.packets = j.value("packets", uint64_t{0});
    }
    out.push_back(d);
  }
  return out;
}

void Runner::settle_link() const {
  if (!netns_) {
    return;
  }
  // The processes are gone but their connections' closing handshakes may still cross the link
  // (retransmitted, over a lossy link): the next cell's connections would open beside them
  // and its first RTT samples include their queue (mobile, ws after longpoll: TCP min RTT p50
  // 110.4-112.9 ms, ws alone 101.3-102.8; waited for, after longpoll and sse, 104.8).
  const int64_t deadline = mono_ns() + kSettleTimeoutNs;
  std::optional<size_t> live;
  while ((live = netns_->live_tcp_connections()) && *live > 0 && mono_ns() < deadline) {
    check_stop();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (live && *live > 0) {
    fmt::print(stderr, "pushbench: {} connections of the last cell were still closing after {} s\n",
               *live, kSettleTimeoutNs / kNsPerSec);
  }
  // Their last packets (a final ACK) may still be held by the delay stage: one more way across.
  const double one_way_ms = options_.net.rtt_ms / 2 + options_.net.jitter_ms / 2;
  std::this_thread::sleep_for(std::chrono::microseconds(std::llround(one_way_ms * 1e3)));
}

std::string Runner::binary(const char* name) const { return find_binary(name, true); }

CellResult Runner::run_cell(const Cell& cell, int repetition) {
  check_stop();
  options_ = cell.options;
  const Transport transport = cell.transport;
  CellResult r;
  r.transport = transport;
  r.server_impl = cell.server;
  r.repetition = repetition;
  const WorkloadSpec& w = options_.workload;
  const std::string stem = fmt::format("{}/{}-r{}", raw_dir_, cell.raw_name, repetition);
  // --server nginx|pushpin: the implementation, with pushbench-server beside it as its feeder
  // (nginx) or behind it as its origin (Pushpin). Declared first: stopped last on a failure.
  std::unique_ptr<ServerArm> arm;
  if (cell.server != ServerImpl::kPushbench) {
    arm = std::make_unique<ServerArm>(cell.server, fmt::format("{}.{}", stem, name(cell.server)), w,
                                      options_.queue_cap, server_cpu_);
  }
  const int64_t epoch = mono_ns() + start_delay_ns(w, arm != nullptr);
  const ShardPlan plan = plan_shards(options_, transport, w.clients);
  if (arm && plan.server_procs > 1) {
    throw std::runtime_error(fmt::format("--server {} runs one server process, not {}",
                                         name(cell.server), plan.server_procs));
  }
  const bool tls = options_.tls;
  std::vector<std::unique_ptr<ChildProcess>> servers;
  Children children;
  std::vector<int> ports;
  for (int s = 0; s < plan.server_procs; ++s) {
    const std::string sstem = shard_stem(stem, "server", s, plan.server_procs);
    std::vector<std::string> server_argv =
        server_args(binary("pushbench-server"), options_, transport, sstem + ".json", epoch);
    if (plan.server_procs > 1) {
      const auto range =
          shard_range_args(plan.server_first(s), plan.server_count(s), sstem + ".samples");
      server_argv.insert(server_argv.end(), {"--host", plan.server_host(s)});
      server_argv.insert(server_argv.end(), range.begin(), range.end());
    }
    if (arm) {
      const std::vector<std::string> extra = arm->server_args();
      server_argv.insert(server_argv.end(), extra.begin(), extra.end());
    }
    if (tls) {
      server_argv.insert(server_argv.end(),
                         {"--tls-cert", tls_cert_path_, "--tls-key", tls_key_path_, "--tls-version",
                          std::string(name(options_.tls_version))});
    }
    if (netns_) {
      server_argv.insert(server_argv.end(), {"--host", netns_->server_address()});
      const auto prefix = netns_->server_prefix();
      server_argv.insert(server_argv.begin(), prefix.begin(), prefix.end());
    }
    servers.push_back(std::make_unique<ChildProcess>(server_argv, server_cpu_, sstem + ".log"));
    ChildProcess& server = *servers.back();
    const std::string label =
        plan.server_procs == 1 ? "pushbench-server" : fmt::format("pushbench-server {}", s);
    auto ready = server.read_line(mono_ns() + kStartTimeoutNs);
    check_stop();
    if (!ready) {
      server.terminate(kStopTimeoutNs);
      throw std::runtime_error(fmt::format("{} did not start: {}", label, server.describe()));
    }
    const nlohmann::json listening = nlohmann::json::parse(*ready);
    // Raw TCP has a listener of its own; every other transport shares the HTTP port.
    ports.push_back(listening.at(transport == Transport::kTcp ? "tcp_port" : "port").get<int>());
    children.emplace_back(&server, label);
  }
  if (arm) {
    arm->start(ports.front(), mono_ns() + kStartTimeoutNs);
    ports.front() = arm->port();
  }
  // The server side: every pushbench-server and the arm's processes, summed.
  auto sample_server = [&]() {
    ProcSample s = must_sample(*servers.front(), "server");
    for (size_t i = 1; i < servers.size(); ++i) {
      s += must_sample(*servers[i], "server");
    }
    if (arm) {
      const auto a = arm->sample();
      if (!a) {
        throw std::runtime_error(fmt::format("a {} process died", name(cell.server)));
      }
      s += *a;
    }
    return s;
  };
  r.server_rss_before_clients_kb = sample_server().rss_kb;

  const int64_t window_start = epoch + std::llround(options_.warmup_s * 1e9);
  const int64_t window_end = window_start + std::llround(options_.duration_s * 1e9);
  std::vector<std::unique_ptr<ChildProcess>> clients;
  for (int k = 0; k < plan.client_procs; ++k) {
    const std::string cstem = shard_stem(stem, "client", k, plan.client_procs);
    const int s = plan.server_of(k);
    std::vector<std::string> client_argv =
        client_args(binary("pushbench-client"), options_, transport, ports[static_cast<size_t>(s)],
                    cstem + ".json", epoch);
    if (plan.client_procs > 1) {
      const auto range =
          shard_range_args(plan.client_first(k), plan.client_count(k), cstem + ".samples");
      client_argv.insert(client_argv.end(), range.begin(), range.end());
    }
    if (plan.server_procs > 1) {
      client_argv.insert(client_argv.end(), {"--host", plan.server_host(s)});
    }
    if (const std::string source = plan.source_address(k); !source.empty()) {
      client_argv.insert(client_argv.end(), {"--source-address", source});
    }
    if (tls) {
      client_argv.insert(client_argv.end(), {"--tls-ca", tls_cert_path_, "--tls-version",
                                             std::string(name(options_.tls_version)),
                                             "--tls-resume", options_.tls_resume ? "on" : "off"});
    }
    if (netns_) {
      client_argv.insert(client_argv.end(), {"--host", netns_->server_address()});
      const auto prefix = netns_->client_prefix();
      client_argv.insert(client_argv.begin(), prefix.begin(), prefix.end());
    }
    clients.push_back(std::make_unique<ChildProcess>(client_argv, client_cpu_, cstem + ".log"));
    ChildProcess& client = *clients.back();
    const std::string label =
        plan.client_procs == 1 ? "pushbench-client" : fmt::format("pushbench-client {}", k);
    children.emplace_back(&client, label);
    // Ready once it printed its line (all its clients connected); only then the next shard
    // starts: shards connecting at once overran the one server core's accept queues (100,000
    // ws clients: 7 x 256 handshakes in flight, a shard unanswered for 14 s gave up), one at a
    // time they connect as one process does.
    const auto client_ready = client.read_line(window_start);
    check_stop();
    if (!client_ready) {
      const bool early = mono_ns() < window_start;  // EOF: it exited before its clients connected
      client.terminate(kStopTimeoutNs);
      throw std::runtime_error(
          early ? fmt::format("{} {}", label, client.describe())
                : fmt::format("the clients were not all connected when the window opened "
                              "(raise --warmup); {} {}",
                              label, client.describe()));
    }
  }
  r.server_rss_clients_ready_kb = sample_server().rss_kb;
  auto sample_clients = [&]() {
    ProcSample s = must_sample(*clients.front(), "client");
    for (size_t k = 1; k < clients.size(); ++k) {
      s += must_sample(*clients[k], "client");
    }
    return s;
  };

  if (arm) {
    const auto procs = arm->processes();
    children.insert(children.end(), procs.begin(), procs.end());
  }
  wait_until(window_start, children);
  r.cores.busy_start_s = cpu_busy_s();
  const auto self_start = sample_process(getpid());
  r.server_start = sample_server();
  r.impl_start = arm ? arm->sample() : std::nullopt;
  r.client_start = sample_clients();
  r.delay_start = sample_delay_stages();
  if (netns_) {
    r.iface_start = read_iface_counters(clients.front()->pid(), netns_->client_iface());
    r.server_retrans_start = read_tcp_retrans_segs(servers.front()->pid());
    r.rate_drops_start = shaper_ ? shaper_->rate_drops() : std::nullopt;
    r.loss_drops_start = shaper_ ? shaper_->loss_drops() : std::nullopt;
  }
  wait_until(window_end, children);
  r.server_end = sample_server();
  r.impl_end = arm ? arm->sample() : std::nullopt;
  r.client_end = sample_clients();
  r.delay_end = sample_delay_stages();
  r.cores.busy_end_s = cpu_busy_s();
  const auto self_end = sample_process(getpid());
  r.cores.server_cpu = server_cpu_;
  r.cores.client_cpu = client_cpu_;
  r.cores.server_own_s = r.server_end.cpu_s - r.server_start.cpu_s;
  r.cores.client_own_s = r.client_end.cpu_s - r.client_start.cpu_s;
  r.cores.self_own_s = self_start && self_end ? self_end->cpu_s - self_start->cpu_s : 0;
  // The delay stages, pinned as the constructor says: down (index 0) on the server's core.
  for (size_t i = 0; i < r.delay_start.size() && i < r.delay_end.size(); ++i) {
    const double cpu_s = r.delay_end[i].cpu_s - r.delay_start[i].cpu_s;
    (i == 0 ? r.cores.delay_server_core_s : r.cores.delay_client_core_s) += cpu_s;
  }
  if (netns_) {
    r.iface_end = read_iface_counters(clients.front()->pid(), netns_->client_iface());
    r.server_retrans_end = read_tcp_retrans_segs(servers.front()->pid());
    r.rate_drops_end = shaper_ ? shaper_->rate_drops() : std::nullopt;
    r.loss_drops_end = shaper_ ? shaper_->loss_drops() : std::nullopt;
  }
  wait_until(window_end + std::llround(options_.effective_drain_s() * 1e9), children);
  if (shaper_) {
    shaper_->check_alive();  // the processes are killed on the way out
  }

  for (size_t k = 0; k < clients.size(); ++k) {
    if (!clients[k]->terminate(kStopTimeoutNs)) {
      throw std::runtime_error(
          fmt::format("{} {}", children[servers.size() + k].second, clients[k]->describe()));
    }
  }
  if (arm) {
    arm->stop(kStopTimeoutNs);  // its exit status is its own business; its groups are killed
  }
  for (size_t s = 0; s < servers.size(); ++s) {
    if (!servers[s]->terminate(kStopTimeoutNs)) {
      throw std::runtime_error(fmt::format("{} {}", children[s].second, servers[s]->describe()));
    }
  }
  settle_link();
  check_stop();
  RepetitionResults results = read_repetition(stem, plan);
  r.client = std::move(results.client);
  r.server = std::move(results.server);
  return r;
}

}  // namespace pushbench
