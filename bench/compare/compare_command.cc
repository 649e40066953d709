// `pushbench compare`.
#include "compare_command.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cmath>
#include <variant>

#include "compare_report.h"
#include "config_error.h"

namespace pushbench {
namespace {
CompareSettings settings_of(const CompareOptions& o) {
  CompareSettings s;
  if (o.only == "machine-independent") {
    s.only = CompareScope::kMachineIndependent;
  } else if (o.only == "speed") {
    s.only = CompareScope::kSpeed;
  } else if (o.only != "all") {
    throw ConfigError(
        fmt::format("--only must be all, machine-independent or speed (got '{}')", o.only));
  }
  if (!(o.alpha > 0 && o.alpha < 1)) {
    throw ConfigError(fmt::format("--alpha must be between 0 and 1 (got {})", o.alpha));
  }
  if (o.min_reps < 2) {
    throw ConfigError(fmt::format("--min-reps must be at least 2 (got {})", o.min_reps));
  }
  s.alpha = o.alpha;
  s.min_reps = static_cast<size_t>(o.min_reps);
  return s;
}

ToleranceConfig rules_of(const CompareOptions& o) {
  ToleranceConfig rules =
      o.config.empty() ? ToleranceConfig::built_in() : ToleranceConfig::load(o.config);
  for (const std::string& spec : o.tolerances) {
    rules.override_tolerance(spec);
  }
  return rules;
}

Comparison compare_inputs(const CompareOptions& o) {
  const CompareSettings settings = settings_of(o);
  const ToleranceConfig rules = rules_of(o);
  const CompareInput base = load_compare_input(o.baseline);
  const CompareInput cand = load_compare_input(o.candidate);
  if (base.index() != cand.index()) {
    throw ConfigError(
        fmt::format("cannot compare {} with {}: one is results CSV, the other "
                    "benchmark JSON",
                    o.baseline, o.candidate));
  }
  if (const auto* b = std::get_if<ResultsTable>(&base)) {
    return compare_results(*b, std::get<ResultsTable>(cand), rules, settings);
  }
  return compare_micro(std::get<MicroResults>(base), std::get<MicroResults>(cand), rules, settings);
}
}  // namespace

void add_compare_options(CLI::App& app, CompareOptions& o) {
  app.add_option("BASELINE", o.baseline,
                 "baseline: a results directory, a results.csv, or Google Benchmark JSON")
      ->required();
  app.add_option("NEW", o.candidate, "what to check against it (the same kind)")->required();
  app.add_option("--only", o.only, "metrics to check: all, machine-independent or speed")
      ->capture_default_str();
  app.add_option("--tolerance", o.tolerances,
                 "METRIC=PCT: override one metric's tolerance (repeatable)")
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app.add_option("--config", o.config,
                 "tolerance rules file (default: the built-in "
                 "bench/compare/compare_tolerances.conf)");
  app.add_option("--alpha", o.alpha, "significance level of the Mann-Whitney U test")
      ->capture_default_str();
  app.add_option("--min-reps", o.min_reps,
                 "repetitions a side before a speed change must also be significant")
      ->capture_default_str();
  app.add_option("--format", o.format,
                 "text (tables) or json (every check with both sides, change and verdict)")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
}

int run_compare(const CompareOptions& o, std::string& out, std::string& err) {
  try {
    const Comparison c = compare_inputs(o);
    out = o.format == "json" ? comparison_json(c).dump(1) + "\n" : render_comparison(c);
    err = c.schema_note;
    return c.failures() > 0 ? 1 : 0;
  } catch (const std::exception& e) {
    err = e.what();
    return 2;
  }
}

}  // namespace pushbench
