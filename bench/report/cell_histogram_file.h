// A cell's latency histogram as a results directory keeps it (histograms/<cell>.csv, written by
// `pushbench run`: bench/run/cell_histograms.h), with the cell columns it was measured under, so
// that the report finds the file of each of results.csv's cells.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "latency_histogram.h"

namespace pushbench {

struct CellHistogramFile {
  std::string name;                         // the file's stem: the cell's raw name
  std::map<std::string, std::string> cell;  // its "# cell: {...}" line: column -> text
  LatencyHistogram histogram;
};

// DIR/histograms/*.csv by name; empty when there are none (a run made before them). Throws
// ConfigError naming the file when one is not a histogram file.
std::vector<CellHistogramFile> load_cell_histograms(const std::string& dir);

}  // namespace pushbench
