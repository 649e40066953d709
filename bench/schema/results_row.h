// results.csv: the file, one row per cell x repetition, rewritten atomically after each repetition
// so nothing measured is ever lost. Its columns are result_columns.h's (results/SCHEMA.md defines
// them); results_table.h reads the file back.
#pragma once

#include <string>
#include <vector>

#include "result_columns.h"

namespace pushbench {

class ResultsFile {
 public:
  // `header`: results.csv's columns, or another table's (target.csv: target_columns.h).
  explicit ResultsFile(std::string path, std::vector<std::string> header = result_columns())
      : path_(std::move(path)), header_(std::move(header)) {}
  void append(std::vector<std::string> row);  // rewrites the whole file atomically
  const std::vector<std::vector<std::string>>& rows() const noexcept { return rows_; }

 private:
  std::string path_;
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace pushbench
