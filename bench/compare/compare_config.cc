// The rules file of `pushbench compare`.
#include "compare_config.h"

#include <fmt/format.h>

#include <array>
#include <fstream>
#include <sstream>

#include "config_error.h"
#include "parse.h"

namespace pushbench {
// bench/compare/compare_tolerances.conf, generated into compare_tolerances.cc by
// bench/compare/CMakeLists.txt.
std::string_view built_in_tolerances() noexcept;

namespace {
bool parse_number(std::string_view text, double& value) {
  const auto v = parse_double(text);
  if (!v || *v < 0) {
    return false;
  }
  value = *v;
  return true;
}

bool parse_class(std::string_view text, MetricClass& cls) {
  constexpr std::array<std::pair<std::string_view, MetricClass>, 5> kNames = {
      {{"exact", MetricClass::kExact},
       {"zero", MetricClass::kZero},
       {"speed", MetricClass::kSpeed},
       {"ratio", MetricClass::kRatio},
       {"micro", MetricClass::kMicro}}};
  for (const auto& [name, value] : kNames) {
    if (text == name) {
      cls = value;
      return true;
    }
  }
  return false;
}

std::vector<std::string> words(const std::string& line) {
  std::istringstream in(line.substr(0, line.find('#')));
  std::vector<std::string> out;
  for (std::string w; in >> w;) {
    out.push_back(std::move(w));
  }
  return out;
}

MetricRule parse_rule(const std::vector<std::string>& w, const std::string& where) {
  MetricRule rule{.metric = w[0]};
  if (w.size() < 2 || !parse_class(w[1], rule.cls)) {
    throw ConfigError(
        fmt::format("{}: expected 'METRIC exact|zero|speed|ratio|micro "
                    "[TOLERANCE_PCT] [abs=SLACK]'",
                    where));
  }
  const bool zero = rule.cls == MetricClass::kZero;
  size_t next = 2;
  if (!zero) {
    if (w.size() < 3 || !parse_number(w[2], rule.tolerance_pct)) {
      throw ConfigError(fmt::format("{}: {} needs a tolerance in percent (>= 0)", where, w[0]));
    }
    next = 3;
  }
  for (; next < w.size(); ++next) {
    const std::string_view word = w[next];
    if (word.substr(0, 4) != "abs=" || !parse_number(word.substr(4), rule.abs_slack)) {
      throw ConfigError(fmt::format("{}: unexpected '{}'", where, word));
    }
  }
  if ((rule.metric.rfind("ratio:", 0) == 0) != (rule.cls == MetricClass::kRatio)) {
    throw ConfigError(fmt::format("{}: ratio rules are named ratio:METRIC, and only they", where));
  }
  return rule;
}
}  // namespace

ToleranceConfig ToleranceConfig::parse(std::string_view text, const std::string& origin) {
  ToleranceConfig config;
  std::istringstream in{std::string(text)};
  int line_no = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_no;
    const std::vector<std::string> w = words(line);
    if (w.empty()) {
      continue;
    }
    MetricRule rule = parse_rule(w, fmt::format("{}:{}", origin, line_no));
    if (config.find(rule.metric) != nullptr) {
      throw ConfigError(fmt::format("{}:{}: {} is listed twice", origin, line_no, rule.metric));
    }
    config.rules_.push_back(std::move(rule));
  }
  if (config.rules_.empty()) {
    throw ConfigError(fmt::format("{}: no rules", origin));
  }
  return config;
}

ToleranceConfig ToleranceConfig::built_in() {
  return parse(built_in_tolerances(), "bench/compare/compare_tolerances.conf");
}

ToleranceConfig ToleranceConfig::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw ConfigError(fmt::format("cannot read --config {}", path));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse(text.str(), path);
}

void ToleranceConfig::override_tolerance(std::string_view spec) {
  const size_t eq = spec.rfind('=');
  double pct = 0;
  if (eq == std::string_view::npos || eq == 0 || !parse_number(spec.substr(eq + 1), pct)) {
    throw ConfigError(fmt::format("--tolerance wants METRIC=PERCENT (got '{}')", spec));
  }
  const std::string_view metric = spec.substr(0, eq);
  for (MetricRule& rule : rules_) {
    if (rule.metric == metric) {
      if (rule.cls == MetricClass::kZero) {
        throw ConfigError(
            fmt::format("--tolerance: {} allows no tolerance (any non-zero "
                        "value fails)",
                        metric));
      }
      rule.tolerance_pct = pct;
      return;
    }
  }
  if (metric.substr(0, 3) == "BM_") {
    rules_.push_back(
        {.metric = std::string(metric), .cls = MetricClass::kMicro, .tolerance_pct = pct});
    return;
  }
  std::string known;
  for (const MetricRule& rule : rules_) {
    known += (known.empty() ? "" : ", ") + rule.metric;
  }
  throw ConfigError(fmt::format(
      "--tolerance: unknown metric '{}' (known: {}, or a benchmark name BM_...)", metric, known));
}

const MetricRule* ToleranceConfig::find(std::string_view metric) const noexcept {
  for (const MetricRule& rule : rules_) {
    if (rule.metric == metric) {
      return &rule;
    }
  }
  return nullptr;
}

const MetricRule& ToleranceConfig::micro_rule(std::string_view benchmark) const {
  for (std::string_view name :
       {benchmark, benchmark.substr(0, benchmark.find('/')), std::string_view("micro")}) {
    const MetricRule* rule = find(name);
    if (rule != nullptr && rule->cls == MetricClass::kMicro) {
      return *rule;
    }
  }
  throw ConfigError("the tolerance rules have no `micro` rule for benchmark JSON");
}

}  // namespace pushbench
