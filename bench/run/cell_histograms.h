// The per-cell latency histograms of a run: each cell's client histograms (result JSON
// "latency_histogram") merged over its repetitions and written to histograms/<raw_name>.csv in
// the results directory, so that plots draw a real CDF and users can re-plot or merge further.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "latency_histogram.h"
#include "matrix.h"

namespace pushbench {

class CellHistograms {
 public:
  explicit CellHistograms(std::string dir) : dir_(std::move(dir)) {}  // <out>/histograms

  // Merges one repetition's client result into its cell and rewrites the cell's file (so an
  // interrupted run keeps the repetitions that finished). `row` is the repetition's results.csv
  // row: its cell columns (cell_identity.h) go into the file's header. A client result without a
  // histogram (an older client) adds nothing.
  void add(const Cell& cell, int repetition, const nlohmann::json& client,
           const std::vector<std::string>& row);

 private:
  struct Merged {
    LatencyHistogram histogram;
    std::vector<int> repetitions;
  };
  std::string dir_;
  std::map<std::string, Merged> cells_;  // by raw_name
};

// The one-line JSON object of a row's cell columns ({"transport":"poll",...}): the "# cell: "
// line of a histogram file, by which report and plots match a file to results.csv's cells.
std::string cell_identity_json(const std::vector<std::string>& header,
                               const std::vector<std::string>& row);

}  // namespace pushbench
