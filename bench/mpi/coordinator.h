// Rank 0 of pushbench-mpi: `pushbench run`'s loop (run_command.h) with this CellRunner, which
// runs each repetition on the server and client ranks (mpi_job.h's steps), writes what they
// gathered into raw/ under the local shards' names, and merges it with the local shards' code:
// results.csv, results.json, meta.json and the report come out as from a local run.
#pragma once

#include "cell_runner.h"
#include "mpi_job.h"
#include "runner.h"

namespace pushbench {

class MpiCoordinator : public CellRunner {
 public:
  MpiCoordinator(const MpiJob& job, std::string raw_dir);
  CellResult run_cell(const Cell& cell, int repetition) override;
  // "mpi": the library, the ranks (role, shard, host, address, boot id) and the clock mode.
  nlohmann::json meta_extra() const override;
  // Tells every other rank the run is over (step 1's "done"); call once, at the end.
  static void finish(const MpiWorld& world);

 private:
  const MpiJob& job_;
  std::string raw_dir_;
};

}  // namespace pushbench
