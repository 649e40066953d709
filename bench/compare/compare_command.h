// `pushbench compare BASELINE NEW`: options, and the whole command as a function of them, so
// tests run exactly what the binary runs. Exit codes: 0 nothing regressed, 1 a regression,
// 2 bad input (one line on `err`).
#pragma once

#include <string>
#include <vector>

#include "compare.h"

namespace CLI {
class App;
}

namespace pushbench {

struct CompareOptions {
  std::string baseline{};                 // results dir, results.csv, or benchmark JSON
  std::string candidate{};                // the same kind as baseline
  std::string only = "all";               // all | machine-independent | speed
  std::vector<std::string> tolerances{};  // METRIC=PCT overrides
  std::string config{};                   // rules file; empty = built in
  double alpha = 0.05;
  int min_reps = 5;
  std::string format = "text";  // text | json (compare_report.h)
};

// Registers the `compare` arguments and options on `app`.
void add_compare_options(CLI::App& app, CompareOptions& o);

// Runs the comparison: the report goes to `out`, a bad-input message (one line) to `err`; with
// exit code 0 or 1, `err` may hold a note for stderr (Comparison::schema_note).
int run_compare(const CompareOptions& o, std::string& out, std::string& err);

}  // namespace pushbench
