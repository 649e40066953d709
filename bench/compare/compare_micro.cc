// Comparing two Google Benchmark JSON files: benchmarks matched by name, real_time judged as a
// speed metric: the median over the repetitions (what Google Benchmark's "median" aggregate
// reports; that aggregate alone when the file has no per-repetition entries), and the U test
// over the repetitions when both sides have enough.
#include <fmt/format.h>

#include <algorithm>

#include "compare.h"
#include "config_error.h"

namespace pushbench {
namespace {
std::vector<std::optional<double>> as_samples(const MicroBenchmark& b) {
  std::vector<std::optional<double>> out(b.real_time_ns.begin(), b.real_time_ns.end());
  if (out.empty() && b.median_ns) {
    out.emplace_back(*b.median_ns);  // aggregates only (--benchmark_report_aggregates_only)
  }
  return out;
}

const MicroBenchmark* find(const MicroResults& r, const std::string& name) {
  auto it = std::find_if(r.benchmarks.begin(), r.benchmarks.end(),
                         [&name](const MicroBenchmark& b) { return b.name == name; });
  return it == r.benchmarks.end() ? nullptr : &*it;
}
}  // namespace

Comparison compare_micro(const MicroResults& base, const MicroResults& cand,
                         const ToleranceConfig& rules, const CompareSettings& settings) {
  if (base.json_schema_version != cand.json_schema_version) {
    throw ConfigError(fmt::format("json_schema_version differs: BASELINE {} has {}, NEW {} has {}",
                                  base.origin, base.json_schema_version.value_or(0), cand.origin,
                                  cand.json_schema_version.value_or(0)));
  }
  if (settings.only == CompareScope::kMachineIndependent) {
    throw ConfigError(
        "micro-benchmark times are speed metrics: nothing to compare with "
        "--only machine-independent");
  }
  Comparison out{.baseline_origin = base.origin,
                 .candidate_origin = cand.origin,
                 .matched_what = "benchmarks"};
  for (const MicroBenchmark& b : base.benchmarks) {
    const MicroBenchmark* c = find(cand, b.name);
    if (c == nullptr) {
      out.notes.push_back(fmt::format("only in BASELINE, not compared: {}", b.name));
      continue;
    }
    Finding f = judge(b.name, "real_time_ns", rules.micro_rule(b.name), as_samples(b),
                      as_samples(*c), false, settings);
    out.findings.push_back(std::move(f));
    ++out.cells;
  }
  for (const MicroBenchmark& c : cand.benchmarks) {
    if (find(base, c.name) == nullptr) {
      out.notes.push_back(fmt::format("only in NEW, not compared: {}", c.name));
    }
  }
  if (out.findings.empty()) {
    throw ConfigError(fmt::format("no common benchmarks in {} and {}", base.origin, cand.origin));
  }
  return out;
}

}  // namespace pushbench
