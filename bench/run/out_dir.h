// A run's results directory (--out): its default name, making it ready without mixing runs, and
// what to say when it filled up. Shared by `pushbench run` and `pushbench run --target`.
#pragma once

#include <string>

namespace pushbench {

// results/runs/<UTC time, e.g. 20261203T163000Z>.
std::string default_out_dir();

// Makes `dir` and dir/raw. When it holds what a run or its report writes already (an earlier
// run's results, which would be replaced or mixed with this run's) it is refused with
// ConfigError, unless `force`: then they are removed first.
void prepare_out_dir(const std::string& dir, bool force);

// " (the file system of --out is full: N bytes free)" when it is nearly so: a child that could
// not write its result or log says nothing itself. "" otherwise.
std::string disk_note(const std::string& dir);

}  // namespace pushbench
