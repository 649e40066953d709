// meta.json: what a results directory was measured on and with (google/benchmark's context
// idea): git commit, host, kernel, CPU, library versions, the resolved scenario, command line.
#pragma once

#include <string>

#include "run_options.h"

namespace pushbench {

std::string meta_json(const RunOptions& options);

}  // namespace pushbench
