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

std::string verdict_name(Verdict v) {
  switch (v) {
    case Verdict::kOk:
      return "ok";
    case Verdict::kImproved:
      return "improved";
    case Verdict::kNoise:
      return "noise";
    case Verdict::kChanged:
      return "CHANGED";
    case Verdict::kRegressed:
      return "REGRESSED";
  }
  return "?";
}

std::string verdict(const Finding& f) {
  const std::string out = verdict_name(f.verdict);
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

nlohmann::json comparison_json(const Comparison& c) {
  auto number = [](const std::optional<double>& v) {
    // JSON has no infinity: a change from a zero baseline is the text "+inf" or "-inf".
    if (!v) {
      return nlohmann::json();
    }
    if (std::isinf(*v)) {
      return nlohmann::json(*v > 0 ? "+inf" : "-inf");
    }
    return nlohmann::json(*v);
  };
  auto class_name = [](MetricClass cls) {
    switch (cls) {
      case MetricClass::kExact:
        return "exact";
      case MetricClass::kZero:
        return "zero";
      case MetricClass::kSpeed:
        return "speed";
      case MetricClass::kRatio:
        return "ratio";
      case MetricClass::kMicro:
        return "micro";
    }
    return "?";
  };
  nlohmann::json checks = nlohmann::json::array();
  for (const Finding& f : c.findings) {
    checks.push_back({{"cell", f.cell},
                      {"metric", f.metric},
                      {"class", class_name(f.rule.cls)},
                      {"baseline", number(f.baseline)},
                      {"new", number(f.candidate)},
                      {"change_pct", number(f.change_pct())},
                      {"tolerance_pct", f.rule.tolerance_pct},
                      {"abs_slack", f.rule.abs_slack},
                      {"baseline_reps", f.baseline_reps},
                      {"new_reps", f.candidate_reps},
                      {"p_value", number(f.p_value)},
                      {"verdict", verdict_name(f.verdict)},
                      {"fails", fails(f.verdict)},
                      {"why", f.why}});
  }
  return {{"baseline", c.baseline_origin},
          {"new", c.candidate_origin},
          {"scenario", c.scenario},
          {"schema_note", c.schema_note},
          {"notes", c.notes},
          {"matched", c.cells},
          {"matched_what", c.matched_what},
          {"checks", std::move(checks)},
          {"failures", c.failures()},
          {"verdict", c.failures() == 0 ? "ok" : "failed"}};
}

}  // namespace pushbench
