// `pushbench compare BASELINE NEW`: what one comparison found. Cells (or benchmarks) are matched
// by their parameters; each checked metric gets a Finding with both sides, the change and a
// verdict. Machine-independent metrics must match; speed metrics are judged noise-aware.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "compare_config.h"
#include "compare_input.h"

namespace pushbench {

enum class CompareScope { kAll, kMachineIndependent, kSpeed };

struct CompareSettings {
  CompareScope only = CompareScope::kAll;
  double alpha = 0.05;  // significance level of the U test
  size_t min_reps = 5;  // repetitions a side before the U test is used
};

enum class Verdict {
  kOk,         // within tolerance
  kImproved,   // speed: faster beyond the tolerance
  kNoise,      // speed: slower beyond the tolerance, but not significantly (U test)
  kChanged,    // machine-independent: moved beyond the tolerance for the better (fails)
  kRegressed,  // fails
};

constexpr bool fails(Verdict v) noexcept {
  return v == Verdict::kChanged || v == Verdict::kRegressed;
}

struct Finding {
  std::string cell{};    // "poll", "ws / poll", "BM_Event_Encode/256"
  std::string metric{};  // as in the rules: a column, a derived metric, ratio:..., real_time
  MetricRule rule{};
  std::optional<double> baseline{};  // median (zero rules: max) over repetitions; nullopt = n/a
  std::optional<double> candidate{};
  size_t baseline_reps = 0;
  size_t candidate_reps = 0;
  std::optional<double> p_value{};  // when the U test was used
  Verdict verdict = Verdict::kOk;
  std::string why{};  // short reason for a failing verdict

  // (new - baseline) / |baseline| in percent; +-inf from a zero baseline; nullopt when n/a.
  std::optional<double> change_pct() const noexcept;
};

struct Comparison {
  std::string baseline_origin{};
  std::string candidate_origin{};
  std::string scenario{};            // parameters every matched cell shares
  std::vector<std::string> notes{};  // unmatched cells, differing seeds, skipped metrics
  std::vector<Finding> findings{};
  size_t cells = 0;  // matched cells (or benchmarks)
  std::string matched_what = "cells";
  // Set when the two files are of different schema versions whose columns are a prefix one of
  // the other: only the common columns were compared (one line, for stderr).
  std::string schema_note{};

  size_t failures() const noexcept;
};

// Both throw ConfigError (exit 2) for inputs that cannot be compared: different schema
// versions (results: unless one's columns are a prefix of the other's; columns are append-only),
// no common cells, nothing left to check in the chosen scope.
Comparison compare_results(const ResultsTable& baseline, const ResultsTable& candidate,
                           const ToleranceConfig& rules, const CompareSettings& settings);
Comparison compare_micro(const MicroResults& baseline, const MicroResults& candidate,
                         const ToleranceConfig& rules, const CompareSettings& settings);

// The verdict of one metric from both sides' samples (one per repetition), under its rule.
Finding judge(std::string cell, std::string metric, const MetricRule& rule,
              const std::vector<std::optional<double>>& baseline,
              const std::vector<std::optional<double>>& candidate, bool higher_better,
              const CompareSettings& settings);

}  // namespace pushbench
