// The rules of `pushbench compare`: which metrics it checks, in which class (machine-independent
// or speed), and how far each may move. Defaults are bench/compare/compare_tolerances.conf,
// built in.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pushbench {

enum class MetricClass {
  kExact,  // machine-independent: must match within the tolerance, either direction
  kZero,   // machine-independent: any non-zero value in NEW fails
  kSpeed,  // noise-aware: a significant slowdown beyond the tolerance fails
  kRatio,  // speed, as a within-run ratio to the reference transport
  kMicro,  // Google Benchmark real_time
};

constexpr bool is_machine_independent(MetricClass c) noexcept {
  return c == MetricClass::kExact || c == MetricClass::kZero;
}

struct MetricRule {
  std::string metric{};  // a results.csv column, a derived metric, ratio:METRIC, or micro/BM_*
  MetricClass cls = MetricClass::kExact;
  double tolerance_pct = 0;
  double abs_slack = 0;  // a change smaller than this (metric's unit) never fails
};

class ToleranceConfig {
 public:
  // Parses the rules file format (see bench/compare/compare_tolerances.conf); `origin` names the
  // file in errors. Throws ConfigError("origin:LINE: reason").
  static ToleranceConfig parse(std::string_view text, const std::string& origin);
  // bench/compare/compare_tolerances.conf as it was at build time.
  static ToleranceConfig built_in();
  static ToleranceConfig load(const std::string& path);  // throws ConfigError

  // "METRIC=PCT": replaces the tolerance of a known metric, or adds a micro rule for a
  // benchmark name (BM_...). Throws ConfigError for unknown metrics and bad numbers.
  void override_tolerance(std::string_view spec);

  const std::vector<MetricRule>& rules() const noexcept { return rules_; }
  const MetricRule* find(std::string_view metric) const noexcept;
  // The rule for one benchmark: its own name, then its family (before the first '/'), then
  // `micro`. Throws ConfigError when there is none.
  const MetricRule& micro_rule(std::string_view benchmark) const;

 private:
  std::vector<MetricRule> rules_;
};

}  // namespace pushbench
