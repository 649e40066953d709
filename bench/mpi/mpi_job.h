// What every rank of a pushbench-mpi job shares: its options, the roles of the ranks, the hosts
// they run on, and the messages of one repetition. Rank 0 is the coordinator (what `pushbench
// run` does, but with the measured processes on other ranks' hosts), ranks 1..S the server
// ranks, the rest the client ranks; each server and client rank starts the one
// pushbench-server / pushbench-client of its shard (bench/run/shard_plan.h) on its host.
//
// One repetition, every rank calling the same collectives in this order (docs/mpi.md):
//   1. bcast    the coordinator's command: the cell and repetition, or "done"
//   2. allgather each server rank's endpoint: its server's port and time zero (its clock), once
//               the server printed its ready line
//   3.          each client rank measures its clock offset against its server's host (UDP,
//               clock_sync.h), then the client ranks start their clients one after another (a
//               token passed from rank to rank: shards connecting at once overran one server
//               core's accept queues locally, runner.cc)
//   4. allreduce the connected clients, summed: everyone connected (the coordinator checks)
//   5.          the window: each rank samples its process at its edges, in its own clock
//   6. barrier  the clients stopped; then the servers stop
//   7. gather   each rank's report (samples, clock, error) and its process's result, samples
//               and log files: the coordinator writes them into raw/ under the local shards'
//               names and merges them with the local shards' code (shard_files.h)
// A rank that fails in a step keeps taking part in the rest (with its error in its report), so
// no rank waits forever; anything else aborts the job.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "host_identity.h"
#include "matrix.h"
#include "mpi_world.h"
#include "proc_stats.h"
#include "run_options.h"

namespace pushbench {

enum class ClockMode {
  kAuto,     // a client rank on its server's host keeps the exact method; others measure
  kMeasure,  // every client rank applies the offset it measured (to test the method on one host)
};

struct MpiOptions {
  int server_ranks = 1;
  ClockMode clock = ClockMode::kAuto;
  std::string iface;  // the interface whose address servers listen on; "" = the first up
};

enum class Role { kCoordinator, kServer, kClient };

struct MpiJob {
  const MpiWorld& world;
  RunOptions options{};  // the run's, every rank parsing the same command line
  MpiOptions mpi{};
  std::vector<Cell> cells{};
  std::vector<HostIdentity> hosts{};  // by rank
  std::vector<int> clock_ports{};     // by rank: a server rank's ClockResponder, 0 for others

  int server_ranks() const noexcept { return mpi.server_ranks; }
  int client_ranks() const noexcept { return world.size() - 1 - mpi.server_ranks; }
  Role role(int rank) const noexcept {
    return rank == 0 ? Role::kCoordinator : rank <= server_ranks() ? Role::kServer : Role::kClient;
  }
  int server_rank(int s) const noexcept { return 1 + s; }
  int client_rank(int k) const noexcept { return 1 + server_ranks() + k; }
  // A server or client rank's shard index.
  int shard(int rank) const noexcept {
    return role(rank) == Role::kServer ? rank - 1 : rank - 1 - server_ranks();
  }
};

// Rank 0's command for one repetition (step 1); `cell` is Cell::index (1-based), 0 = done.
struct Command {
  size_t cell = 0;
  int repetition = 0;
};
std::string to_text(const Command& c);
Command command_from_text(const std::string& text);

nlohmann::json to_json(const ProcSample& s);
ProcSample proc_sample_from_json(const nlohmann::json& j);

// The files each rank's process wrote, gathered in this order (step 7).
constexpr const char* kGatheredFiles[] = {".json", ".samples", ".log"};

}  // namespace pushbench
