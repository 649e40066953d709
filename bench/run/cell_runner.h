// What runs one repetition of one cell for `pushbench run`'s loop (run_command.h): the local
// Runner (server and clients as child processes of this one, runner.h), or pushbench-mpi's
// coordinator (its ranks start them on their hosts, bench/mpi/). The loop, results.csv,
// results.json, histograms, meta.json and the tables are the same code for both.
#pragma once

#include <nlohmann/json.hpp>

#include "matrix.h"
#include "net_shaper.h"

namespace pushbench {

struct CellResult;

class CellRunner {
 public:
  virtual ~CellRunner() = default;
  // One repetition of `cell`. Throws RunInterrupted on a stop request, std::runtime_error with
  // a one-line reason when it failed.
  virtual CellResult run_cell(const Cell& cell, int repetition) = 0;
  // With network conditions: the mechanisms that apply them; nullptr without.
  virtual const NetMechanisms* net_mechanisms() const noexcept { return nullptr; }
  // What meta.json says besides the run's own (merged in at its top level): e.g. the hosts and
  // ranks of an MPI run. Null: nothing.
  virtual nlohmann::json meta_extra() const { return nullptr; }
};

}  // namespace pushbench
