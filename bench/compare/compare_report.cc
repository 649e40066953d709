// The text of a comparison.
#include "compare_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "text_table.h"

namespace pushbench {
namespace {
std::string value(const std::optional<double>& v) {
  if (!v) {
    return "n/a";
  }
  const double a = std::fabs(*v);
  if (*v == std::round(*v) && a < 1e15) {
    return fmt::format("{:.0f}", *v);
  }
  if (a >= 1e5) {
    return fmt::format("{:.0f}", *v);
  }
  return a >= 100 ? fmt::format("{:.1f}", *v) : fmt::format("{:.4g}", *v);
}

std::string change(const Finding& f) {
  const auto pct = f.change_pct();
  if (!pct) {
    return "n/a";
  }
  if (std::isinf(*pct)) {
    return *pct > 0 ? "+inf" : "-inf";
  }
  return std::fabs(*pct) >= 10 ? fmt::format("{:+.1f} %", *pct) : fmt::format("{:+.2f} %", *pct);
}

std::string tolerance(const MetricRule& r) {
  if (r.cls == MetricClass::kZero) {
    return "must be 0";
  }
  std::string out =
      fmt::format("{}{} %", is_machine_independent(r.cls) ? "+-" : "+", r.tolerance_pct);
  return r.abs_slack > 0 ? fmt::format("{} (abs {})", out, r.abs_slack) : out;
}

std::string verdict(const Finding& f) {
  std::string out;
  switch (f.verdict) {
    case Verdict::kOk:
      out = "ok";
      break;
    case Verdict::kImproved:
      out = "improved";
      break;
    case Verdict::kNoise:
      out = "noise";
      break;
    case Verdict::kChanged:
      out = "CHANGED";
      break;
    case Verdict::kRegressed:
      out = "REGRESSED";
      break;
  }
  if (!f.why.empty()) {
    return fmt::format("{} ({})", out, f.why);
  }
  return f.p_value ? fmt::format("{} (p={:.3f})", out, *f.p_value) : out;
}

// Cell and metric, the figures, and the verdict last.
TextTable findings_table(const Comparison& c, bool failures_only) {
  TextTable t{
      .header = {"cell", "metric", "baseline", "new", "change", "tolerance", "reps", "verdict"},
      .left_columns = 2,
      .last_column_left = true};
  for (const Finding& f : c.findings) {
    if (!failures_only || fails(f.verdict)) {
      t.rows.push_back({f.cell, f.metric, value(f.baseline), value(f.candidate), change(f),
                        tolerance(f.rule), fmt::format("{}/{}", f.baseline_reps, f.candidate_reps),
                        verdict(f)});
    }
  }
  return t;
}

std::string summary(const Comparison& c) {
  const size_t failed = c.failures();
  if (failed == 0) {
    const auto noise = std::count_if(c.findings.begin(), c.findings.end(),
                                     [](const Finding& f) { return f.verdict == Verdict::kNoise; });
    return fmt::format("compare: ok: {} checks in {} matched {} within tolerance{}\n",
                       c.findings.size(), c.cells, c.matched_what,
                       noise > 0 ? fmt::format(" ({} slower, but not significantly)", noise) : "");
  }
  std::string out = fmt::format("\nREGRESSED: {} of {} checks out of tolerance\n{}", failed,
                                c.findings.size(), render_text_table(findings_table(c, true)));
  const bool machine_independent = std::any_of(
      c.findings.begin(), c.findings.end(),
      [](const Finding& f) { return fails(f.verdict) && is_machine_independent(f.rule.cls); });
  if (machine_independent) {
    out +=
        "A machine-independent metric moved. If the change is intended (a protocol, header or "
        "format change), refresh the baseline: scripts/refresh-baseline.sh\n";
  }
  return out + fmt::format("compare: FAILED: {} regression(s)\n", failed);
}
}  // namespace

std::string render_comparison(const Comparison& c) {
  std::string out =
      fmt::format("BASELINE {}\nNEW      {}\n", c.baseline_origin, c.candidate_origin);
  if (!c.scenario.empty()) {
    out += fmt::format("scenario: {}\n", c.scenario);
  }
  for (const std::string& note : c.notes) {
    out += fmt::format("note: {}\n", note);
  }
  out += '\n';
  out += render_text_table(findings_table(c, false));
  return out + summary(c);
}

}  // namespace pushbench
