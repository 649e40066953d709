// results.csv: the file.
#include "results_row.h"

#include "csv_writer.h"

namespace pushbench {

void ResultsFile::append(std::vector<std::string> row) {
  rows_.push_back(std::move(row));
  std::string text = csv_line(header_);
  for (const auto& r : rows_) {
    text += csv_line(r);
  }
  write_file_atomic(path_, text);
}

}  // namespace pushbench
