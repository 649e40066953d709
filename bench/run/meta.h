// meta.json: what a results directory was measured on and with (google/benchmark's context
// idea): git commit, host, kernel, CPU, library versions, the resolved scenario matrix (every
// cell), command line.
#pragma once

#include <string>

#include <vector>

#include "matrix.h"
#include "run_options.h"

namespace pushbench {

std::string meta_json(const RunOptions& options, const std::vector<Cell>& cells);

}  // namespace pushbench
