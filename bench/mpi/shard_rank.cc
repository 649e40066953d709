// A server or client rank of pushbench-mpi.
#include "shard_rank.h"

#include <stdlib.h>

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <thread>

#include "child_process.h"
#include "clock.h"
#include "clock_sync.h"
#include "process_args.h"
#include "repetition_processes.h"
#include "shard_files.h"
#include "shard_plan.h"

namespace pushbench {
namespace {
// The clock exchanges per repetition, 0.5 ms apart: 0.1 s, and the smallest of 200 round trips
// on a quiet LAN is within a few µs of the path's floor. None begins after 0.25 s (a long path's
// round trips take longer: 20 ms each way leaves ~6), and time zero leaves that much room.
constexpr int kClockExchanges = 200;
constexpr int64_t kClockGapNs = 500'000;
constexpr int64_t kClockBudgetNs = 250 * kNsPerMs;
// As the local Runner gives its children: to print the ready line, and to exit once told to.
constexpr int64_t kStartTimeoutNs = 10 * kNsPerSec;
constexpr int64_t kStopTimeoutNs = 20 * kNsPerSec;

// A directory of its own under /tmp, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "pushbench-mpi-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      throw std::runtime_error("cannot make a temporary directory");
    }
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
};

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// One repetition of this rank's shard. Every step's failure is kept in `error` and the later
// steps go on without a process, so the collectives stay in step (mpi_job.h).
class ShardRepetition {
 public:
  ShardRepetition(const MpiJob& job, const Cell& cell, int repetition, const std::string& dir)
      : job_(job),
        cell_(cell),
        rank_(job.world.rank()),
        role_(job.role(rank_)),
        shard_(job.shard(rank_)),
        plan_(plan_shards(cell.options, cell.transport, cell.options.workload.clients)) {
    const bool server = role_ == Role::kServer;
    stem_ = shard_stem(fmt::format("{}/{}-r{}", dir, cell.raw_name, repetition),
                       server ? "server" : "client", shard_,
                       server ? plan_.server_procs : plan_.client_procs);
    if (cell.options.pin && std::thread::hardware_concurrency() >= 2) {
      cpu_ = server ? 0 : 1;  // as the local Runner pins them
    }
  }

  void run() {
    const RunOptions& o = cell_.options;
    step([&] {
      if (role_ == Role::kServer) {
        start_server();
      }
    });
    // 2. Every server's endpoint.
    const std::vector<std::string> endpoints = job_.world.allgather(endpoint_.dump());
    // 3. Clock, then the clients one after another.
    if (role_ == Role::kClient) {
      const int s = plan_.server_of(shard_);
      const nlohmann::json server = nlohmann::json::parse(endpoints[job_.server_rank(s)]);
      step([&] { set_clock(s, server); });
      if (shard_ > 0) {
        job_.world.recv(job_.client_rank(shard_ - 1));
      }
      step([&] { start_client(s, server); });
      if (shard_ + 1 < job_.client_ranks()) {
        job_.world.send("", job_.client_rank(shard_ + 1));
      }
    }
    // 4. Everyone connected.
    job_.world.allreduce_sum(connected_);
    step([&] {
      if (role_ == Role::kServer) {
        report_["rss_clients_ready_kb"] = must_sample(*child_, "server").rss_kb;
      }
    });
    // 5. The window, in this host's clock.
    const int64_t window_start = epoch_ + std::llround(o.warmup_s * 1e9);
    const int64_t window_end = window_start + std::llround(o.duration_s * 1e9);
    const char* what = role_ == Role::kServer ? "server" : "client";
    step([&] {
      const Children children = {{child_.get(), label_}};
      wait_until(window_start, children);
      report_["start"] = to_json(must_sample(*child_, what));
      wait_until(window_end, children);
      report_["end"] = to_json(must_sample(*child_, what));
      wait_until(window_end + std::llround(o.effective_drain_s() * 1e9), children);
    });
    // 6. Clients stop, then servers.
    if (role_ == Role::kClient) {
      stop();
    }
    job_.world.quiet_barrier();
    if (role_ == Role::kServer) {
      stop();
    }
    // 7. The report and the files.
    report_["error"] = error_;
    job_.world.gather(report_.dump(), 0);
    for (const char* ext : kGatheredFiles) {
      job_.world.gather(read_bytes(stem_ + ext), 0);
    }
  }

 private:
  template <typename Fn>
  void step(Fn fn) {
    if (!error_.empty()) {
      return;  // an earlier step failed: this one has nothing to work on
    }
    try {
      fn();
    } catch (const std::exception& e) {
      error_ = e.what();
    }
  }

  void start_server() {
    const RunOptions& o = cell_.options;
    const std::string& address = job_.hosts[static_cast<size_t>(rank_)].address;
    // The clients measure their clocks before they connect: time zero leaves room for it.
    epoch_ = mono_ns() + start_delay_ns(o.workload, false) + kClockBudgetNs;
    std::vector<std::string> argv = server_args(find_binary("pushbench-server", true), o,
                                                cell_.transport, stem_ + ".json", epoch_);
    const auto range = shard_range_args(plan_.server_first(shard_), plan_.server_count(shard_),
                                        stem_ + ".samples");
    argv.insert(argv.end(), {"--host", address});
    argv.insert(argv.end(), range.begin(), range.end());
    label_ = fmt::format("pushbench-server {} (rank {} on {})", shard_, rank_, address);
    child_ = std::make_unique<ChildProcess>(argv, cpu_, stem_ + ".log");
    const auto ready = child_->read_line(mono_ns() + kStartTimeoutNs);
    if (!ready) {
      throw std::runtime_error(fmt::format("{} did not start: {}", label_, child_->describe()));
    }
    const nlohmann::json listening = nlohmann::json::parse(*ready);
    // Raw TCP has a listener of its own; every other transport shares the HTTP port.
    endpoint_ = {{"port", listening.at(cell_.transport == Transport::kTcp ? "tcp_port" : "port")},
                 {"epoch", epoch_}};
    report_["rss_before_clients_kb"] = must_sample(*child_, "server").rss_kb;
  }

  void set_clock(int s, const nlohmann::json& server) {
    if (!server.contains("epoch")) {
      throw std::runtime_error(fmt::format("server rank {} did not start", job_.server_rank(s)));
    }
    const auto server_rank = static_cast<size_t>(job_.server_rank(s));
    const HostIdentity& there = job_.hosts[server_rank];
    const ClockOffset c = measure_clock_offset(there.address, job_.clock_ports[server_rank],
                                               kClockExchanges, kClockGapNs, kClockBudgetNs);
    const bool same_host = there.same_clock(job_.hosts[static_cast<size_t>(rank_)]);
    const bool apply = !same_host || job_.mpi.clock == ClockMode::kMeasure;
    // Time zero in this host's clock: the server's minus (server clock - client clock).
    clock_offset_ns_ = apply ? c.offset_ns : 0;
    epoch_ = server.at("epoch").get<int64_t>() - clock_offset_ns_;
    report_["clock"] = {{"offset_ns", c.offset_ns}, {"uncertainty_ns", c.uncertainty_ns},
                        {"exchanges", c.exchanges}, {"same_host", same_host},
                        {"applied", apply},         {"server_rank", server_rank}};
  }

  void start_client(int s, const nlohmann::json& server) {
    const RunOptions& o = cell_.options;
    const std::string& address = job_.hosts[static_cast<size_t>(job_.server_rank(s))].address;
    std::vector<std::string> argv =
        client_args(find_binary("pushbench-client", true), o, cell_.transport,
                    server.at("port").get<int>(), stem_ + ".json", epoch_);
    const auto range = shard_range_args(plan_.client_first(shard_), plan_.client_count(shard_),
                                        stem_ + ".samples");
    argv.insert(argv.end(), {"--host", address});
    argv.insert(argv.end(), range.begin(), range.end());
    if (clock_offset_ns_ != 0) {  // the events' times are the server's clock
      argv.insert(argv.end(), {"--clock-offset-ns", std::to_string(clock_offset_ns_)});
    }
    label_ = fmt::format("pushbench-client {} (rank {} on {})", shard_, rank_,
                         job_.hosts[static_cast<size_t>(rank_)].address);
    child_ = std::make_unique<ChildProcess>(argv, cpu_, stem_ + ".log");
    const int64_t window_start = epoch_ + std::llround(o.warmup_s * 1e9);
    const auto ready = child_->read_line(window_start);
    if (!ready) {
      const bool early = mono_ns() < window_start;  // EOF: it exited before its clients connected
      throw std::runtime_error(
          early ? fmt::format("{} {}", label_, child_->describe())
                : fmt::format("the clients were not all connected when the window opened "
                              "(raise --warmup); {} {}",
                              label_, child_->describe()));
    }
    connected_ = nlohmann::json::parse(*ready).value("clients", int64_t{0});
  }

  void stop() {
    if (child_ && !child_->terminate(kStopTimeoutNs) && error_.empty()) {
      error_ = fmt::format("{} {}", label_, child_->describe());
    }
  }

  const MpiJob& job_;
  const Cell& cell_;
  const int rank_;
  const Role role_;
  const int shard_;
  const ShardPlan plan_;
  std::string stem_;
  std::string label_;
  int cpu_ = -1;
  int64_t epoch_ = 0;            // time zero in this host's clock
  int64_t clock_offset_ns_ = 0;  // applied: the server host's clock minus this one's
  int64_t connected_ = 0;
  std::unique_ptr<ChildProcess> child_;
  nlohmann::json endpoint_ = nlohmann::json::object();
  nlohmann::json report_ = nlohmann::json::object();
  std::string error_;
};
}  // namespace

int run_shard_rank(const MpiJob& job) {
  const TempDir dir;
  while (true) {
    const Command c = command_from_text(job.world.bcast("", 0));
    if (c.cell == 0) {
      return 0;
    }
    ShardRepetition(job, job.cells.at(c.cell - 1), c.repetition, dir.path()).run();
  }
}

}  // namespace pushbench
