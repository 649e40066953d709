// What a run records in --out as its repetitions finish: each row appended to results.csv and
// results.json (rewritten atomically every time, so an interrupted run keeps what it measured)
// and each cell's latency histogram (histograms/). Shared by `pushbench run` and `pushbench ramp`.
#pragma once

#include <string>
#include <vector>

#include "cell_histograms.h"
#include "matrix.h"
#include "results_row.h"
#include "runner.h"

namespace pushbench {

class RunRecord {
 public:
  // `meta`: meta.json's text, results.json's "meta".
  RunRecord(const std::string& out_dir, const std::string& meta);

  // The row of one repetition of `cell`, recorded; returned for the caller's own checks.
  const std::vector<std::string>& add(const Cell& cell, int repetition, const CellResult& measured);
  const std::vector<std::vector<std::string>>& rows() const noexcept { return results_.rows(); }

 private:
  std::string out_dir_;
  nlohmann::json meta_;
  ResultsFile results_;
  CellHistograms histograms_;
};

}  // namespace pushbench
