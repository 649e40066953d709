// results.csv: the columns (schema in results/SCHEMA.md) and the file, one row per cell x
// repetition, rewritten atomically after each repetition so nothing measured is ever lost. The
// rows are the run's (bench/run/cell_row.h fills them, in result_columns() order);
// results_table.h reads the file back.
#pragma once

#include <string>
#include <vector>

namespace pushbench {

constexpr int kSchemaVersion = 5;

const std::vector<std::string>& result_columns();

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
