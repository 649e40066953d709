// Comparing two results.csv files: cells matched by their scenario parameters, every checked
// metric judged over the cell's repetitions, plus within-run ratios between transports.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "compare.h"
#include "compare_cells.h"
#include "compare_metrics.h"
#include "config_error.h"
#include "flag_warning.h"

namespace pushbench {
namespace {
bool in_scope(MetricClass cls, CompareScope only) noexcept {
  switch (only) {
    case CompareScope::kAll:
      return true;
    case CompareScope::kMachineIndependent:
      return is_machine_independent(cls);
    case CompareScope::kSpeed:
      return !is_machine_independent(cls);
  }
  return true;
}

bool has_columns(const ResultsTable& t, const std::vector<std::string>& columns) {
  return std::all_of(columns.begin(), columns.end(),
                     [&t](const std::string& c) { return t.column(c).has_value(); });
}

std::vector<std::optional<double>> samples(const ResultsTable& t, const std::vector<size_t>& rows,
                                           const std::string& metric) {
  std::vector<std::optional<double>> out;
  out.reserve(rows.size());
  for (size_t r : rows) {
    out.push_back(metric_value(t, r, metric));
  }
  return out;
}

// Per repetition: METRIC of the cell / METRIC of the reference cell, pairing the i-th rows of
// each (rows of one run and repetition follow each other in results.csv).
std::vector<std::optional<double>> ratio_samples(const ResultsTable& t,
                                                 const std::vector<size_t>& rows,
                                                 const std::vector<size_t>& ref_rows,
                                                 const std::string& metric) {
  std::vector<std::optional<double>> out;
  for (size_t i = 0; i < std::min(rows.size(), ref_rows.size()); ++i) {
    const auto v = metric_value(t, rows[i], metric);
    const auto ref = metric_value(t, ref_rows[i], metric);
    out.push_back(v && ref && *ref > 0 ? std::optional(*v / *ref) : std::nullopt);
  }
  return out;
}

// Parameters that are not part of a cell's identity but change what it measures.
void note_differences(const ResultsTable& base, const ResultsTable& cand, Comparison& out) {
  for (const char* col : {"seed", "warmup_s", "duration_s"}) {
    const auto bc = base.column(col);
    const auto cc = cand.column(col);
    if (!bc || !cc) {
      continue;
    }
    std::set<std::string> bv;
    std::set<std::string> cv;
    for (const auto& row : base.rows) {
      bv.insert(row[*bc]);
    }
    for (const auto& row : cand.rows) {
      cv.insert(row[*cc]);
    }
    if (bv != cv) {
      out.notes.push_back(
          fmt::format("{} differs (BASELINE {}, NEW {}): machine-independent "
                      "metrics may differ for that reason alone",
                      col, fmt::join(bv, "/"), fmt::join(cv, "/")));
    }
  }
}

void compare_cell_metrics(const ResultsTable& base, const ResultsTable& cand,
                          const CellMatch& cells, const ToleranceConfig& rules,
                          const CompareSettings& settings, Comparison& out) {
  for (const MetricRule& rule : rules.rules()) {
    if (!in_scope(rule.cls, settings.only) || rule.cls == MetricClass::kRatio ||
        rule.cls == MetricClass::kMicro) {
      continue;
    }
    const auto columns = metric_columns(rule.metric);
    if (!has_columns(base, columns) || !has_columns(cand, columns)) {
      out.notes.push_back(fmt::format("{} not checked: needs column(s) {} in both files",
                                      rule.metric, fmt::join(columns, ", ")));
      continue;
    }
    for (const MatchedCell& cell : cells.cells) {
      Finding f = judge(
          cell.label, rule.metric, rule, samples(base, cell.baseline_rows, rule.metric),
          samples(cand, cell.candidate_rows, rule.metric), higher_is_better(rule.metric), settings);
      if (f.baseline || f.candidate) {
        out.findings.push_back(std::move(f));
      }
    }
  }
}

void compare_ratios(const ResultsTable& base, const ResultsTable& cand, const CellMatch& cells,
                    const ToleranceConfig& rules, const CompareSettings& settings,
                    Comparison& out) {
  for (const MetricRule& rule : rules.rules()) {
    if (rule.cls != MetricClass::kRatio || !in_scope(rule.cls, settings.only)) {
      continue;
    }
    const std::string metric = rule.metric.substr(rule.metric.find(':') + 1);
    if (!has_columns(base, metric_columns(metric)) || !has_columns(cand, metric_columns(metric))) {
      out.notes.push_back(
          fmt::format("{} not checked: {} is not in both files", rule.metric, metric));
      continue;
    }
    for (const auto& [i, j] : cells.ratio_pairs) {
      const MatchedCell& cell = cells.cells[i];
      const MatchedCell& ref = cells.cells[j];
      Finding f = judge(fmt::format("{} / {}", cell.label, ref.label), rule.metric, rule,
                        ratio_samples(base, cell.baseline_rows, ref.baseline_rows, metric),
                        ratio_samples(cand, cell.candidate_rows, ref.candidate_rows, metric), false,
                        settings);
      if (f.baseline || f.candidate) {
        out.findings.push_back(std::move(f));
      }
    }
  }
}
}  // namespace

Comparison compare_results(const ResultsTable& base, const ResultsTable& cand,
                           const ToleranceConfig& rules, const CompareSettings& settings) {
  Comparison out{.baseline_origin = base.origin, .candidate_origin = cand.origin};
  if (base.schema_version != cand.schema_version) {
    // Columns are append-only: an older file whose columns are a strict prefix of the newer
    // one's is compared on those columns (a column the older lacks is a note below, as for any
    // metric). The same columns under another version: one changed meaning.
    const bool base_older = base.header.size() < cand.header.size();
    const ResultsTable& older = base_older ? base : cand;
    const ResultsTable& newer = base_older ? cand : base;
    if (older.header.size() >= newer.header.size() ||
        !std::equal(older.header.begin(), older.header.end(), newer.header.begin())) {
      throw ConfigError(fmt::format(
          "schema_version differs: BASELINE {} has {}, NEW {} has {}, and neither's columns "
          "are a strict prefix of the other's (a column changed meaning; refresh the baseline "
          "with scripts/refresh-baseline.sh)",
          base.origin, base.schema_version, cand.origin, cand.schema_version));
    }
    out.schema_note = fmt::format(
        "BASELINE has schema_version {}, NEW {}: comparing the {} columns they share (the {} "
        "file's columns are a prefix of the other's)",
        base.schema_version, cand.schema_version, older.header.size(),
        base_older ? "BASELINE" : "NEW");
  }
  const CellMatch cells = match_cells(base, cand);
  out.scenario = cells.scenario;
  out.notes = cells.notes;
  out.cells = cells.cells.size();
  note_differences(base, cand, out);
  for (const ResultsTable* t : {&base, &cand}) {
    const std::string w = flagged_rows_warning(flagged_rows(*t), t->rows.size());
    if (!w.empty()) {
      out.notes.push_back(fmt::format("{}: {}", t->origin, w));
    }
  }
  compare_cell_metrics(base, cand, cells, rules, settings, out);
  compare_ratios(base, cand, cells, rules, settings, out);
  if (out.findings.empty()) {
    throw ConfigError(
        fmt::format("nothing to compare: no metric of the chosen scope is "
                    "applicable in {} and {}",
                    base.origin, cand.origin));
  }
  return out;
}

}  // namespace pushbench
