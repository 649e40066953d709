// `pushbench run`: the command once its options are parsed — every run of the matrix,
// results.csv rewritten after each, the printed tables and summary.csv. The report that ends
// the command is the CLI's (bench/main.cc): the run does not depend on the report.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "cell_runner.h"
#include "run_options.h"

namespace pushbench {

// Returns the exit code (0, or 130 when interrupted); sets o.out_dir when it was empty. Throws
// ConfigError (bad setup, exit 2) and std::runtime_error (a run failed, exit 1).
int run_command(RunOptions& o);

// The same with another CellRunner: `make_runner` is called once --out is ready, with the run's
// options and its raw/ directory (pushbench-mpi's coordinator, bench/mpi/).
using CellRunnerFactory =
    std::function<std::unique_ptr<CellRunner>(const RunOptions&, const std::string& raw_dir)>;
int run_command(RunOptions& o, const CellRunnerFactory& make_runner);

}  // namespace pushbench
