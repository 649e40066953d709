// The two sides of `pushbench compare`, read and validated: a results directory or results.csv
// (pushbench run; bench/schema/results_table.h), or a Google Benchmark JSON file (pushbench_micro).
// Bad input throws ConfigError with a one-line reason (exit code 2).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "results_table.h"

namespace pushbench {

// One benchmark of a Google Benchmark JSON file.
struct MicroBenchmark {
  std::string name{};                  // run_name: BM_Event_Encode/256
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

MicroResults parse_micro_json(std::string_view text, const std::string& origin);

}  // namespace pushbench
