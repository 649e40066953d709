// `pushbench run`: the whole command once its options are parsed — every run of the matrix,
// results.csv rewritten after each, the printed tables, summary.csv and the report.
#pragma once

#include "run_options.h"

namespace pushbench {

// Returns the exit code (0, or 130 when interrupted). Throws ConfigError (bad setup, exit 2)
// and std::runtime_error (a run failed, exit 1).
int run_command(RunOptions& o);

}  // namespace pushbench
