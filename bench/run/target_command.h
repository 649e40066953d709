// `pushbench run --target URL`: the clients of a run aimed at a server pushbench does not start
// (a user's own), for each --clients value and --repeat, with what pushbench-client --url
// measures. Writes target.csv (target_columns.h), target.json (typed, with meta.json as "meta"),
// meta.json and raw/, and prints a table on stdout.
#pragma once

#include "run_options.h"

namespace pushbench {

// Exit status: 0 every repetition ran, 1 one failed (the message says which and where the
// finished ones are), 130 interrupted.
int target_command(RunOptions& o);

}  // namespace pushbench
