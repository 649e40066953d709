// The scenario matrix of `pushbench run`: the product of the swept options (workload x clients x
// rate x payload: the scenarios), each scenario times the implementations (--server) times the
// transports, a polling transport once per poll interval (the cells); and the order the runs go
// in.
#pragma once

#include <string>
#include <vector>

#include "run_options.h"

namespace pushbench {

struct Cell {
  size_t index = 0;     // 1-based, in matrix order
  size_t scenario = 0;  // 1-based: which (workload, clients, rate, payload) combination
  Transport transport = Transport::kPoll;
  ServerImpl server = ServerImpl::kPushbench;  // --server: the implementation it runs against
  RunOptions options;  // the run's options with this cell's workload and poll interval
  std::string
      raw_name;  // raw/<raw_name>-r<rep>.*: "<transport>", in a sweep "c<index>-<transport>";
                 // with --server other than pushbench alone "<server>-" before the transport
};

// One repetition of one cell.
struct PlannedRun {
  const Cell* cell = nullptr;
  int repetition = 0;
};

std::vector<Cell> expand_matrix(const RunOptions& o);
// Scenario by scenario; within one, repetition-major (every cell of repetition 1, then of 2...),
// so the transports of one repetition run side by side.
std::vector<PlannedRun> run_order(const std::vector<Cell>& cells, int repeat);
// "poll every 250 ms" (polling cells) or "ws" ("ws on pushpin" with another --server), then the
// repetition and the scenario:
// "poll every 250 ms, repetition 1/3: broadcast, 1000 clients, 10 events/s, 256 B".
std::string describe_run(const Cell& c, int repetition);
// What one repetition of `c` is expected to take, for the progress line's estimate (Runner: 1 s
// + 0.2 ms per client to connect, the warm-up, the window, the drain, and about half a second
// to stop the processes). An estimate, never written as a result.
double planned_run_s(const Cell& c);

}  // namespace pushbench
