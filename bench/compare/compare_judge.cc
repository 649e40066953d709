// The verdict of one metric: machine-independent metrics must match, speed metrics must not be
// significantly slower than the tolerance allows.
#include <algorithm>
#include <cmath>
#include <limits>

#include "compare.h"
#include "compare_stats.h"
#include "summary.h"

namespace pushbench {
namespace {
std::vector<double> present(const std::vector<std::optional<double>>& samples) {
  std::vector<double> out;
  for (const auto& s : samples) {
    if (s) {
      out.push_back(*s);
    }
  }
  return out;
}

std::optional<double> max_of(const std::vector<double>& v) {
  return v.empty() ? std::nullopt : std::optional(*std::max_element(v.begin(), v.end()));
}

std::optional<double> median_of(const std::vector<double>& v) {
  return v.empty() ? std::nullopt : std::optional(median(v));
}

// Speed: a slowdown beyond the tolerance fails, unless enough repetitions say it is noise.
void judge_speed(Finding& f, const std::vector<double>& b, const std::vector<double>& c,
                 bool higher_better, const CompareSettings& settings) {
  if (b.size() >= settings.min_reps && c.size() >= settings.min_reps) {
    // "NEW is worse": larger values, or smaller ones for a higher-is-better metric.
    f.p_value = higher_better ? mann_whitney_greater_p(c, b) : mann_whitney_greater_p(b, c);
    f.verdict = *f.p_value < settings.alpha ? Verdict::kRegressed : Verdict::kNoise;
  } else {
    f.verdict = Verdict::kRegressed;
  }
}
}  // namespace

std::optional<double> Finding::change_pct() const noexcept {
  if (!baseline || !candidate) {
    return std::nullopt;
  }
  const double diff = *candidate - *baseline;
  if (*baseline == 0) {
    return diff == 0 ? 0.0 : std::copysign(std::numeric_limits<double>::infinity(), diff);
  }
  return 100 * diff / std::fabs(*baseline);
}

size_t Comparison::failures() const noexcept {
  return static_cast<size_t>(std::count_if(findings.begin(), findings.end(),
                                           [](const Finding& f) { return fails(f.verdict); }));
}

Finding judge(std::string cell, std::string metric, const MetricRule& rule,
              const std::vector<std::optional<double>>& baseline,
              const std::vector<std::optional<double>>& candidate, bool higher_better,
              const CompareSettings& settings) {
  Finding f{.cell = std::move(cell), .metric = std::move(metric), .rule = rule};
  f.baseline_reps = baseline.size();
  f.candidate_reps = candidate.size();
  const std::vector<double> b = present(baseline);
  const std::vector<double> c = present(candidate);
  if (rule.cls == MetricClass::kZero) {
    f.baseline = max_of(b);
    f.candidate = max_of(c);
    if (f.candidate.value_or(0) > 0) {
      f.verdict = Verdict::kRegressed;
      f.why = "must be 0";
    }
    return f;
  }
  f.baseline = median_of(b);
  f.candidate = median_of(c);
  if (!f.baseline || !f.candidate) {
    if (f.baseline || f.candidate) {
      f.verdict = Verdict::kRegressed;
      f.why = f.baseline ? "not applicable in NEW" : "not applicable in BASELINE";
    }
    return f;
  }
  const double diff = *f.candidate - *f.baseline;
  const bool beyond =
      std::fabs(*f.change_pct()) > rule.tolerance_pct && std::fabs(diff) > rule.abs_slack;
  if (!beyond) {
    return f;
  }
  const bool worse = higher_better ? diff < 0 : diff > 0;
  if (is_machine_independent(rule.cls)) {
    f.verdict = worse ? Verdict::kRegressed : Verdict::kChanged;
  } else if (!worse) {
    f.verdict = Verdict::kImproved;
  } else {
    judge_speed(f, b, c, higher_better, settings);
  }
  return f;
}

}  // namespace pushbench
