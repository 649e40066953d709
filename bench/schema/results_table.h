// results.csv read back and validated: what `pushbench report` and `pushbench compare` read (and
// `pushbench run` checks for flagged rows). Bad input throws ConfigError with a one-line reason
// (exit code 2). The columns themselves are result_columns.h's; their meaning results/SCHEMA.md.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pushbench {

// results.csv, every row as wide as the header. Empty cells mean "not applicable".
struct ResultsTable {
  std::string origin{};  // the CSV's path, for messages
  std::vector<std::string> header{};
  std::vector<std::vector<std::string>> rows{};
  std::string schema_version{};

  // Index of a column, or nullopt when this file has no such column.
  std::optional<size_t> column(std::string_view name) const noexcept;
  // The numeric value of row[column]: nullopt when the cell is empty (not applicable).
  // Throws ConfigError naming the file, row and column when it is not a number.
  std::optional<double> number(size_t row, size_t column) const;
};

// A file's whole text; throws ConfigError "cannot read PATH".
std::string read_whole(const std::string& path);

ResultsTable parse_results_csv(std::string_view text, const std::string& origin);
// DIR/results.csv of a results directory (the caller has checked that DIR is one); throws
// ConfigError when it has none or it is not a results.csv.
ResultsTable read_results_dir(const std::string& dir);

}  // namespace pushbench
