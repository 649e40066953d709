// `pushbench run`: the command once its options are parsed — every run of the matrix,
// results.csv rewritten after each, the printed tables and summary.csv. The report that ends
// the command is the CLI's (bench/main.cc): the run does not depend on the report.
#pragma once

#include "run_options.h"

namespace pushbench {

// Returns the exit code (0, or 130 when interrupted); sets o.out_dir when it was empty. Throws
// ConfigError (bad setup, exit 2) and std::runtime_error (a run failed, exit 1).
int run_command(RunOptions& o);

}  // namespace pushbench
