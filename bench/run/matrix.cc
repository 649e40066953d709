// The scenario matrix.
#include "matrix.h"

#include <fmt/format.h>

#include <algorithm>

namespace pushbench {

std::vector<Cell> expand_matrix(const RunOptions& o) {
  const SweepValues& s = o.sweep;
  // Non-polling transports ignore the interval; the smallest keeps their drain short.
  const double shortest_interval =
      *std::min_element(s.poll_intervals_ms.begin(), s.poll_intervals_ms.end());
  std::vector<Cell> cells;
  size_t scenario = 0;
  for (Workload w : s.workloads) {
    for (int clients : s.clients) {
      for (double rate : s.rates_for(w)) {
        for (int payload : s.payloads) {
          ++scenario;
          RunOptions cell_options = o;
          cell_options.workload.workload = w;
          cell_options.workload.clients = clients;
          cell_options.workload.rate_hz = rate;
          cell_options.workload.payload_bytes = payload;
          for (ServerImpl server : o.servers) {
            for (Transport t : o.transports) {
              const std::vector<double> intervals =
                  is_polling(t) ? s.poll_intervals_ms : std::vector<double>{shortest_interval};
              for (double interval : intervals) {
                cell_options.poll_interval_ms = interval;
                cells.push_back(Cell{.index = cells.size() + 1,
                                     .scenario = scenario,
                                     .transport = t,
                                     .server = server,
                                     .options = cell_options,
                                     .raw_name = {}});
              }
            }
          }
        }
      }
    }
  }
  const bool sweep = cells.size() > o.transports.size() * o.servers.size();
  const bool servers = o.servers.size() > 1 || o.servers.front() != ServerImpl::kPushbench;
  const size_t digits = fmt::formatted_size("{}", cells.size());
  for (Cell& c : cells) {
    const std::string what = servers ? fmt::format("{}-{}", name(c.server), name(c.transport))
                                     : std::string(name(c.transport));
    c.raw_name = sweep ? fmt::format("c{:0{}}-{}", c.index, digits, what) : what;
  }
  return cells;
}

std::vector<PlannedRun> run_order(const std::vector<Cell>& cells, int repeat) {
  std::vector<PlannedRun> runs;
  for (size_t first = 0; first < cells.size();) {
    size_t end = first;
    while (end < cells.size() && cells[end].scenario == cells[first].scenario) {
      ++end;
    }
    for (int rep = 1; rep <= repeat; ++rep) {
      for (size_t i = first; i < end; ++i) {
        runs.push_back(PlannedRun{.cell = &cells[i], .repetition = rep});
      }
    }
    first = end;
  }
  return runs;
}

std::string describe_run(const Cell& c, int repetition) {
  const WorkloadSpec& w = c.options.workload;
  const std::string interval =
      is_polling(c.transport) ? fmt::format(" every {} ms", c.options.poll_interval_ms) : "";
  const std::string on =
      c.server != ServerImpl::kPushbench ? fmt::format(" on {}", name(c.server)) : "";
  return fmt::format("{}{}{}, repetition {}/{}: {}", name(c.transport), interval, on, repetition,
                     c.options.repeat, describe(w));
}

double planned_run_s(const Cell& c) {
  const RunOptions& o = c.options;
  return 1.5 + o.workload.clients * 2e-4 + o.warmup_s + o.duration_s + o.effective_drain_s();
}

}  // namespace pushbench
