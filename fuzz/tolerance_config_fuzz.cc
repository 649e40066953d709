// Fuzzes the tolerance rules file of `pushbench compare --config FILE`
// (bench/compare/compare_config.h) and its --tolerance METRIC=PCT override. The input is the
// file; its first line, when it holds a '=', is also used as an override.
// Invariants: a bad file is a ConfigError and nothing else; an accepted file has at least one
// rule, each named once, tolerances and slack finite and >= 0, ratio rules named ratio:...;
// writing the rules back in the file format and parsing that gives the same rules; an override
// changes only the named rule's tolerance (or adds a micro rule), or is a ConfigError.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "compare_config.h"
#include "config_error.h"
#include "fuzz_check.h"

namespace {
using pushbench::MetricClass;
using pushbench::MetricRule;

bool same(const MetricRule& a, const MetricRule& b) {
  return a.metric == b.metric && a.cls == b.cls && a.tolerance_pct == b.tolerance_pct &&
         a.abs_slack == b.abs_slack;
}

bool same(const std::vector<MetricRule>& a, const std::vector<MetricRule>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](const MetricRule& x, const MetricRule& y) { return same(x, y); });
}

std::string write_rules(const std::vector<MetricRule>& rules) {
  constexpr const char* kClass[] = {"exact", "zero", "speed", "ratio", "micro"};
  std::string text;
  for (const MetricRule& r : rules) {
    text += fmt::format("{} {}", r.metric, kClass[static_cast<int>(r.cls)]);
    if (r.cls != MetricClass::kZero) {
      text += fmt::format(" {}", r.tolerance_pct);
    }
    text += fmt::format(" abs={}\n", r.abs_slack);
  }
  return text;
}

void check_override(const pushbench::ToleranceConfig& config, std::string_view spec) {
  pushbench::ToleranceConfig changed = config;
  try {
    changed.override_tolerance(spec);
  } catch (const pushbench::ConfigError&) {
    FUZZ_CHECK(same(changed.rules(), config.rules()));
    return;
  }
  const std::string_view metric = spec.substr(0, spec.rfind('='));
  const MetricRule* rule = changed.find(metric);
  FUZZ_CHECK(rule != nullptr && rule->cls != MetricClass::kZero);
  FUZZ_CHECK(std::isfinite(rule->tolerance_pct) && rule->tolerance_pct >= 0);
  const size_t added = changed.rules().size() - config.rules().size();
  FUZZ_CHECK(added == (config.find(metric) == nullptr ? 1 : 0));
  for (size_t i = 0; i < config.rules().size(); ++i) {
    const MetricRule& before = config.rules()[i];
    const MetricRule& after = changed.rules()[i];
    FUZZ_CHECK(before.metric == after.metric && before.cls == after.cls);
    FUZZ_CHECK(before.metric == metric || same(before, after));
  }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  pushbench::ToleranceConfig config;
  try {
    config = pushbench::ToleranceConfig::parse(text, "rules.conf");
  } catch (const pushbench::ConfigError&) {
    return 0;
  }
  const std::vector<MetricRule>& rules = config.rules();
  FUZZ_CHECK(!rules.empty());
  for (const MetricRule& r : rules) {
    FUZZ_CHECK(config.find(r.metric) == &r);
    FUZZ_CHECK(!r.metric.empty() && r.metric.find_first_of(" \t\n#") == std::string::npos);
    FUZZ_CHECK(std::isfinite(r.tolerance_pct) && r.tolerance_pct >= 0);
    FUZZ_CHECK(std::isfinite(r.abs_slack) && r.abs_slack >= 0);
    FUZZ_CHECK(r.metric.starts_with("ratio:") == (r.cls == MetricClass::kRatio));
  }
  FUZZ_CHECK(same(pushbench::ToleranceConfig::parse(write_rules(rules), "again").rules(), rules));

  const std::string_view first_line = std::string_view(text).substr(0, text.find('\n'));
  if (first_line.find('=') != std::string_view::npos) {
    check_override(config, first_line);
  }
  check_override(config, rules.front().metric + "=2.5");
  try {
    const MetricRule& micro = config.micro_rule("BM_Event_Encode/256");
    FUZZ_CHECK(micro.cls == MetricClass::kMicro);
  } catch (const pushbench::ConfigError&) {
    for (std::string_view name : {"BM_Event_Encode/256", "BM_Event_Encode", "micro"}) {
      const MetricRule* rule = config.find(name);
      FUZZ_CHECK(rule == nullptr || rule->cls != MetricClass::kMicro);
    }
  }
  return 0;
}
