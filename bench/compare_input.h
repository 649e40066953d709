// The two sides of `pushbench compare`, read and validated: a results directory or results.csv
// (pushbench run), or a Google Benchmark JSON file (pushbench_micro). Bad input throws
// ConfigError with a one-line reason (exit code 2).
#pragma once

#include <optional>
#include <string>
#include <variant>
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

// One benchmark of a Google Benchmark JSON file.
struct MicroBenchmark {
  std::string name{};                // run_name: BM_Event_Encode/256
  std::vector<double> real_time_ns{};  // one per repetition (iteration entries)
  std::optional<double> median_ns{};   // the "median" aggregate, when repetitions were used
};

struct MicroResults {
  std::string origin{};
  std::optional<int> json_schema_version{};  // context.json_schema_version, when present
  std::vector<MicroBenchmark> benchmarks{};  // in file order
};

using CompareInput = std::variant<ResultsTable, MicroResults>;

// A directory (its results.csv), a .csv file, or a .json file.
CompareInput load_compare_input(const std::string& path);

ResultsTable parse_results_csv(std::string_view text, const std::string& origin);
MicroResults parse_micro_json(std::string_view text, const std::string& origin);

}  // namespace pushbench
