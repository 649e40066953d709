// pushbench-mpi: `pushbench run` with its server and client shards on several hosts, launched by
// MPI (issue 16; docs/mpi.md). Every rank is started with the same command line:
//   mpirun -np 1+S+C [--hostfile F] pushbench-mpi [--server-ranks S] [run options]
// Rank 0 coordinates (results directory, CSV, meta.json, report: `pushbench run`'s code), ranks
// 1..S run one pushbench-server each on their host, the C others one pushbench-client each.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli.h"
#include "clock_sync.h"
#include "config_error.h"
#include "coordinator.h"
#include "mpi_job.h"
#include "mpi_world.h"
#include "report.h"
#include "run_command.h"
#include "run_options.h"
#include "shard_rank.h"

namespace pushbench {
namespace {
// The run options every rank parses alike, with pushbench-mpi's own; throws ConfigError.
void parse_options(int argc, char** argv, const MpiWorld& world, RunOptions& o, MpiOptions& m) {
  CLI::App app{
      "pushbench-mpi: pushbench run with server and client shards on the hosts of an MPI job "
      "(rank 0 coordinates, ranks 1..S serve, the rest are clients)",
      "pushbench-mpi"};
  RunOptionLists lists;
  add_run_options(app, o, lists);
  app.add_option("--server-ranks", m.server_ranks,
                 "ranks 1..S run a pushbench-server each; the other ranks but 0 a client each")
      ->capture_default_str();
  std::string clock = "auto";
  app.add_option("--clock", clock,
                 "auto: a client rank on its server's host (same boot id) keeps the exact clock, "
                 "others apply the offset they measure; measure: every client rank applies it")
      ->capture_default_str();
  app.add_option("--iface", m.iface,
                 "the interface whose IPv4 address each server listens on and clients connect "
                 "from (default: the first up, non-loopback one; 127.0.0.1 without)");
  parse_cli(app, argc, argv);
  if (clock != "auto" && clock != "measure") {
    throw ConfigError(fmt::format("--clock: '{}' is neither auto nor measure", clock));
  }
  m.clock = clock == "measure" ? ClockMode::kMeasure : ClockMode::kAuto;
  const int clients = world.size() - 1 - m.server_ranks;
  if (m.server_ranks < 1 || clients < m.server_ranks) {
    throw ConfigError(fmt::format(
        "{} ranks with --server-ranks {}: need 1 coordinator, S >= 1 server ranks and at least "
        "as many client ranks (mpirun -np 1+S+C)",
        world.size(), m.server_ranks));
  }
  if (o.client_procs != 0 || o.server_procs != 0) {
    throw ConfigError("--client-procs / --server-procs: the ranks are the processes under MPI");
  }
  // One pushbench-server and one pushbench-client per rank: the shards are the ranks.
  o.client_procs = clients;
  o.server_procs = m.server_ranks;
  for (int i = 0; i < argc; ++i) {
    o.command_line += (i ? " " : "") + std::string(argv[i]);
  }
  finish_run_options(o, lists);
  const char* refused =
      o.netns ? "--netns and network conditions (the hosts' own network "
                "is the network)"
      : o.tls ? "--tls (the certificate is made for one address)"
      : o.servers.size() != 1 || o.servers.front() != ServerImpl::kPushbench
          ? "--server other than pushbench"
      : std::any_of(o.sweep.workloads.begin(), o.sweep.workloads.end(), has_upstream)
          ? "chat and game (the server times upstream messages by the "
            "clients' clocks, which no offset corrects yet)"
          : nullptr;
  if (refused != nullptr) {
    throw ConfigError(fmt::format("pushbench-mpi does not run {}", refused));
  }
}

int coordinate(MpiJob& job) {
  int rc = 0;
  try {
    rc = run_command(job.options, [&job](const RunOptions&, const std::string& raw_dir) {
      return std::make_unique<MpiCoordinator>(job, raw_dir);
    });
  } catch (const ConfigError& e) {
    print_error("pushbench-mpi", e.what());
    rc = 2;
  } catch (const std::exception& e) {
    print_error("pushbench-mpi", e.what());
    rc = 1;
  }
  MpiCoordinator::finish(job.world);
  if (rc == 0) {
    fmt::print("\n{}", report_command(
                           ReportOptions{.dir = job.options.out_dir, .plots = job.options.plots}));
  }
  return rc;
}

int mpi_main(const MpiWorld& world, int argc, char** argv) {
  MpiJob job{.world = world};
  std::string refused;
  try {
    parse_options(argc, argv, world, job.options, job.mpi);
  } catch (const ConfigError& e) {
    refused = e.what();
  }
  // Every rank parsed the same line, but a host's limits may differ (its open files): all stop
  // if one refused, and rank 0 says why.
  const std::vector<std::string> refusals = world.allgather(refused);
  for (size_t r = 0; r < refusals.size(); ++r) {
    if (refusals[r].empty()) {
      continue;
    }
    if (world.rank() == 0) {
      const std::string where = r == 0 ? "" : fmt::format("rank {}: ", r);
      print_error("pushbench-mpi", (where + refusals[r]).c_str());
    }
    return 2;
  }
  try {
    // Who is where, and where the servers' hosts answer clock exchanges.
    const HostIdentity me = this_host(job.mpi.iface);
    std::optional<ClockResponder> responder;
    if (job.role(world.rank()) == Role::kServer) {
      responder.emplace(me.address);
    }
    nlohmann::json mine = to_json(me);
    mine["clock_port"] = responder ? responder->port() : 0;
    for (const std::string& text : world.allgather(mine.dump())) {
      const nlohmann::json j = nlohmann::json::parse(text);
      job.hosts.push_back(host_from_json(j));
      job.clock_ports.push_back(j.at("clock_port").get<int>());
    }
    job.cells = expand_matrix(job.options);
    return world.rank() == 0 ? coordinate(job) : run_shard_rank(job);
  } catch (const std::exception& e) {
    // Outside the steps (mpi_job.h) the other ranks would wait for this one for ever.
    print_error(fmt::format("pushbench-mpi (rank {})", world.rank()).c_str(), e.what());
    MpiWorld::abort(1);
  }
}
}  // namespace
}  // namespace pushbench

int main(int argc, char** argv) {
  pushbench::MpiWorld world(&argc, &argv);
  const int rc =
      pushbench::run_main("pushbench-mpi", [&] { return pushbench::mpi_main(world, argc, argv); });
  return rc;
}
