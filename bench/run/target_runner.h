// One repetition of `pushbench run --target URL`: pushbench-client --url with `clients` clients
// against a server pushbench did not start, pinned to the client's core as in every run; the
// client and (with --target-pid) the target's process tree sampled at the window's edges, which
// the runner sets by giving the client its time zero.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "proc_stats.h"
#include "run_options.h"

namespace pushbench {

struct TargetResult {
  nlohmann::json client;  // pushbench-client --url's result JSON
  ProcSample client_start, client_end;
  std::optional<ProcSample> target_before, target_start, target_end;  // --target-pid only
};

// Writes raw/target-c<clients>-r<repetition>.{json,log}. Throws RunInterrupted on a stop request,
// std::runtime_error with a one-line reason when the client fails or the target's process is
// gone; the client is killed either way.
TargetResult run_target_repetition(const RunOptions& o, int clients, int repetition,
                                   const std::string& raw_dir);

}  // namespace pushbench
