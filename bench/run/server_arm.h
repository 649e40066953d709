// A second implementation's processes for one repetition (`pushbench run --server nginx|pushpin`,
// docs/method.md "Second implementations"): its configuration written into raw/, its processes
// started pinned to the server's core (each killed with pushbench, PR_SET_PDEATHSIG), ready once
// it answers HTTP, sampled as one, and stopped on every way out. The runtime directory Pushpin's
// ZeroMQ sockets need (short paths) is made in /tmp and removed.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "child_process.h"
#include "proc_stats.h"
#include "server_impl.h"
#include "workload.h"

namespace pushbench {

class ServerArm {
 public:
  // Writes `impl`'s configuration into `dir` (made) and picks its ports. Throws on failure.
  ServerArm(ServerImpl impl, std::string dir, const WorkloadSpec& workload, int queue_cap, int cpu);
  ~ServerArm();  // stops whatever still runs, removes the runtime directory
  ServerArm(const ServerArm&) = delete;
  ServerArm& operator=(const ServerArm&) = delete;

  // What pushbench-server is started with beside this arm: --feed-dir (nginx: the feeder) or
  // --grip-publish (pushpin: the origin that publishes).
  std::vector<std::string> server_args() const;
  // Starts the processes (Pushpin routes to `origin_port`, pushbench-server's HTTP port) and
  // returns once the arm answers HTTP; throws with a one-line reason when it does not by
  // deadline_ns or a process exits.
  void start(int origin_port, int64_t deadline_ns);
  int port() const noexcept { return port_; }  // where the clients connect
  // Every process of the arm and its name, for the runner's liveness checks.
  std::vector<std::pair<ChildProcess*, std::string>> processes();
  // The arm's processes and their descendants (nginx' worker), summed; nullopt if one is gone.
  std::optional<ProcSample> sample() const;
  // SIGTERM to each process, then SIGKILL to whatever is left in their process groups.
  void stop(int64_t timeout_ns) noexcept;

 private:
  void write_nginx_config(const WorkloadSpec& workload, int queue_cap) const;
  void write_pushpin_config(int origin_port) const;
  void spawn(const std::string& label, std::vector<std::string> argv);
  // Whether `url` answers HTTP (with success_only: with a 2xx status).
  bool answers(const std::string& url, bool success_only) const;
  // Whether a long poll to `url` is held (no answer within 300 ms) or answered with a 2xx.
  bool held(const std::string& url) const;
  bool probe(const std::string& url, bool success_only, bool hold) const;

  ServerImpl impl_;
  std::string dir_;      // raw/<stem>.<impl>: configuration, logs, the nginx feed
  std::string run_dir_;  // /tmp/pushbench-pushpin-XXXXXX: Pushpin's IPC sockets
  int cpu_ = -1;
  int clients_ = 0;
  int port_ = 0;          // HTTP port the clients use
  int publish_port_ = 0;  // pushpin: its HTTP publish port
  std::vector<std::pair<std::unique_ptr<ChildProcess>, std::string>> procs_;
};

}  // namespace pushbench
