// meta.json: what a results directory was measured on and with (google/benchmark's context
// idea): git commit, host, kernel, CPU, library versions, the resolved scenario matrix (every
// cell), command line, the network conditions asked for and what applied them.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "matrix.h"
#include "net_shaper.h"
#include "run_options.h"

namespace pushbench {

// What every results directory records of how and where it was measured: pushbench's version
// and commit, the command line, host, kernel, CPU, library versions.
nlohmann::json machine_json(const RunOptions& options);

// `net`: the mechanisms that applied the network conditions (nullptr: none were asked for);
// `extra`: keys the CellRunner adds at the top level (an MPI run's hosts and ranks), or null.
std::string meta_json(const RunOptions& options, const std::vector<Cell>& cells,
                      const NetMechanisms* net, const nlohmann::json& extra = nullptr);

}  // namespace pushbench
