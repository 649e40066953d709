// A server or client rank of pushbench-mpi: for every command of the coordinator, one
// repetition of its shard (mpi_job.h's steps), its process started on this host as the local
// Runner starts it (process_args.h), its files in a temporary directory of its own until they
// are gathered.
#pragma once

#include "mpi_job.h"

namespace pushbench {

// Serves the coordinator's commands until "done". Returns 0.
int run_shard_rank(const MpiJob& job);

}  // namespace pushbench
