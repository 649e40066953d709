// results.csv: the columns (schema in results/SCHEMA.md) and one row per cell x repetition,
// rewritten atomically after each repetition so nothing measured is ever lost.
#pragma once

#include <string>
#include <vector>

#include "run_options.h"
#include "runner.h"

namespace pushbench {

constexpr int kSchemaVersion = 5;

const std::vector<std::string>& result_columns();
// One row, in result_columns() order; empty strings mean "not applicable".
std::vector<std::string> make_row(const RunOptions& options, const CellResult& cell);

class ResultsFile {
 public:
  explicit ResultsFile(std::string path) : path_(std::move(path)) {}
  void append(std::vector<std::string> row);  // rewrites the whole file atomically
  const std::vector<std::vector<std::string>>& rows() const noexcept { return rows_; }

 private:
  std::string path_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace pushbench
