// Rank 0 of pushbench-mpi.
#include "coordinator.h"

#include <fmt/format.h>

#include <cstdio>
#include <stdexcept>

#include "csv_writer.h"
#include "shard_files.h"
#include "shard_merge.h"
#include "shard_plan.h"

namespace pushbench {
namespace {
const char* role_name(Role r) {
  return r == Role::kCoordinator ? "coordinator" : r == Role::kServer ? "server" : "client";
}

// The clock of the row: the client rank with the largest uncertainty speaks for it.
std::optional<ClockUse> row_clock(const std::vector<nlohmann::json>& clocks) {
  std::optional<ClockUse> use;
  bool applied = false;
  for (const nlohmann::json& c : clocks) {
    const ClockUse u{.offset_us = c.at("offset_ns").get<double>() / 1e3,
                     .uncertainty_us = c.at("uncertainty_ns").get<double>() / 1e3};
    applied = applied || c.at("applied").get<bool>();
    if (!use || u.uncertainty_us > use->uncertainty_us) {
      use = u;
    }
  }
  if (use) {
    use->applied = applied;
  }
  return use;
}
}  // namespace

MpiCoordinator::MpiCoordinator(const MpiJob& job, std::string raw_dir)
    : job_(job), raw_dir_(std::move(raw_dir)) {}

void MpiCoordinator::finish(const MpiWorld& world) { world.bcast(to_text(Command{}), 0); }

nlohmann::json MpiCoordinator::meta_extra() const {
  nlohmann::json ranks = nlohmann::json::array();
  for (int r = 0; r < job_.world.size(); ++r) {
    nlohmann::json j = to_json(job_.hosts[static_cast<size_t>(r)]);
    j["rank"] = r;
    j["role"] = role_name(job_.role(r));
    if (r > 0) {
      j["shard"] = job_.shard(r);
    }
    ranks.push_back(j);
  }
  return {{"mpi",
           {{"library", MpiWorld::library_version()},
            {"standard", MpiWorld::standard_version()},
            {"server_ranks", job_.server_ranks()},
            {"client_ranks", job_.client_ranks()},
            {"clock", job_.mpi.clock == ClockMode::kMeasure ? "measure" : "auto"},
            {"ranks", ranks}}}};
}

CellResult MpiCoordinator::run_cell(const Cell& cell, int repetition) {
  const MpiWorld& world = job_.world;
  const ShardPlan plan = plan_shards(cell.options, cell.transport, cell.options.workload.clients);
  // The steps of mpi_job.h, the coordinator's part: nothing of its own to start or measure.
  std::vector<std::string> reports;
  std::vector<std::vector<std::string>> files;
  int64_t connected = 0;
  try {
    world.bcast(to_text(Command{.cell = cell.index, .repetition = repetition}), 0);
    world.allgather("{}");
    connected = world.allreduce_sum(0);
    world.quiet_barrier();
    reports = world.gather("{}", 0);
    for ([[maybe_unused]] const char* ext : kGatheredFiles) {
      files.push_back(world.gather("", 0));
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "pushbench-mpi: coordinator: %s; aborting the job\n", e.what());
    MpiWorld::abort(1);
  }

  CellResult r;
  r.transport = cell.transport;
  r.server_impl = cell.server;
  r.repetition = repetition;
  const std::string stem = fmt::format("{}/{}-r{}", raw_dir_, cell.raw_name, repetition);
  std::string errors;
  std::vector<nlohmann::json> clocks;
  for (int rank = 1; rank < world.size(); ++rank) {
    const auto i = static_cast<size_t>(rank);
    const bool server = job_.role(rank) == Role::kServer;
    const int shard = job_.shard(rank);
    const std::string shard_path = shard_stem(stem, server ? "server" : "client", shard,
                                              server ? plan.server_procs : plan.client_procs);
    for (size_t f = 0; f < files.size(); ++f) {
      write_file_atomic(shard_path + kGatheredFiles[f], files[f][i]);
    }
    const nlohmann::json report = nlohmann::json::parse(reports[i]);
    if (const std::string e = report.value("error", ""); !e.empty()) {
      errors += fmt::format("{}rank {} ({} {} on {}): {}", errors.empty() ? "" : "; ", rank,
                            server ? "server" : "client", shard, job_.hosts[i].address, e);
      continue;
    }
    const ProcSample start = proc_sample_from_json(report.at("start"));
    const ProcSample end = proc_sample_from_json(report.at("end"));
    if (server) {
      r.server_start += start;  // CPU and RSS summed over the shards, as local shards are
      r.server_end += end;
      r.server_rss_before_clients_kb += report.at("rss_before_clients_kb").get<int64_t>();
      r.server_rss_clients_ready_kb += report.at("rss_clients_ready_kb").get<int64_t>();
    } else {
      r.client_start += start;
      r.client_end += end;
      nlohmann::json c = report.at("clock");
      c["client_rank"] = rank;
      c["client_host"] = job_.hosts[i].address;
      clocks.push_back(c);
    }
  }
  if (!errors.empty()) {
    throw std::runtime_error(errors);
  }
  if (connected != cell.options.workload.clients) {
    throw std::runtime_error(
        fmt::format("{} of {} clients connected", connected, cell.options.workload.clients));
  }
  write_file_atomic(stem + ".clock.json", nlohmann::json(clocks).dump(1) + "\n");
  r.clock = row_clock(clocks);
  RepetitionResults results = read_repetition(stem, plan);
  r.client = std::move(results.client);
  r.server = std::move(results.server);
  return r;
}

}  // namespace pushbench
