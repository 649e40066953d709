// Fuzzes the Google Benchmark JSON reader of `pushbench compare` (parse_micro_json,
// bench/compare/compare_input.h): a baseline file is outside input.
// Invariants: bad input is a ConfigError and nothing else; an accepted file has benchmarks with
// distinct names, each with a time (iterations or a median), every time finite and >= 0;
// compared with itself under the built-in rules, nothing fails.
#include <cmath>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "compare.h"
#include "compare_input.h"
#include "config_error.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  pushbench::MicroResults m;
  try {
    m = pushbench::parse_micro_json(text, "micro.json");
  } catch (const pushbench::ConfigError&) {
    return 0;
  }
  FUZZ_CHECK(!m.benchmarks.empty());
  std::set<std::string> names;
  for (const pushbench::MicroBenchmark& b : m.benchmarks) {
    FUZZ_CHECK(names.insert(b.name).second);
    FUZZ_CHECK(!b.real_time_ns.empty() || b.median_ns);
    for (double ns : b.real_time_ns) {
      FUZZ_CHECK(std::isfinite(ns) && ns >= 0);
    }
    FUZZ_CHECK(!b.median_ns || (std::isfinite(*b.median_ns) && *b.median_ns >= 0));
  }

  static const pushbench::ToleranceConfig kRules = pushbench::ToleranceConfig::built_in();
  try {
    const pushbench::Comparison c =
        pushbench::compare_micro(m, m, kRules, pushbench::CompareSettings{});
    FUZZ_CHECK(c.failures() == 0);
  } catch (const pushbench::ConfigError&) {
    // nothing comparable
  }
  return 0;
}
