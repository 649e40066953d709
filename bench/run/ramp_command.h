// `pushbench ramp`: capacity per transport. Every cell of the run's matrix but the client count
// is ramped: clients raised step by step (×--factor from --start to --max-clients, or the -c
// list) on the same workload until a step does not hold (ramp_step.h: a loss, an error, p99
// over --slo-p99, a saturated process) or fails to run; the largest count that held, and why
// the next did not, per cell. Every step is an ordinary run's row (results.csv, report.md);
// ramp.csv and the table on stdout hold the verdicts.
#pragma once

#include "run_options.h"

namespace CLI {
class App;
}

namespace pushbench {

struct RampOptions {
  double slo_p99_ms = 1000;
  int start = 100;
  double factor = 1.5;
  int max_clients = 100'000;
};

// The ramp's own options (the run's are add_run_options'); check_ramp_options after parsing
// throws ConfigError with a one-line reason.
void add_ramp_options(CLI::App& app, RampOptions& r);
void check_ramp_options(const RampOptions& r);

// Exit status: 0 the ramp ran (whatever held), 1 it could not run, 130 interrupted.
int ramp_command(RunOptions& o, const RampOptions& r);

}  // namespace pushbench
