// Fuzzes the results.csv reader (common/csv_writer.h csv_parse, bench/schema/results_table.h
// parse_results_csv) and what `pushbench compare`, `report` and the repetition summary do with
// what it accepts: a results directory is outside input (copied, edited, from another machine).
// Invariants: CSV records written back (csv_line) read back the same; bad input is a ConfigError
// and nothing else; an accepted table is rectangular with one schema_version; the report's and
// summary's arithmetic hold (count <= rows, min <= median <= max); compared with itself a table
// fails only `zero` rules (a non-zero error count fails in either file).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "compare.h"
#include "compare_input.h"
#include "config_error.h"
#include "csv_writer.h"
#include "fuzz_check.h"
#include "report.h"
#include "summary.h"

namespace {
void check_round_trip(std::string_view text) {
  const auto records = pushbench::csv_parse(text);
  std::string written;
  for (const auto& r : records) {
    FUZZ_CHECK(!r.empty());
    written += pushbench::csv_line(r);
  }
  FUZZ_CHECK(pushbench::csv_parse(written) == records);
}

void check_table(const pushbench::ResultsTable& t) {
  FUZZ_CHECK(!t.rows.empty());
  const size_t sv = t.column("schema_version").value();
  for (const auto& row : t.rows) {
    FUZZ_CHECK(row.size() == t.header.size() && row[sv] == t.schema_version);
  }

  for (const pushbench::SummaryRow& s : pushbench::summarize(t.header, t.rows)) {
    FUZZ_CHECK(s.count >= 1 && s.count <= t.rows.size());
    FUZZ_CHECK(s.min <= s.median && s.median <= s.max);
    FUZZ_CHECK(!s.cv_pct || *s.cv_pct >= 0);
  }

  try {
    const pushbench::ReportData d = pushbench::report_data(t);
    size_t rows = 0;
    for (const pushbench::ReportCell& c : d.cells) {
      FUZZ_CHECK(!c.rows.empty());
      rows += c.rows.size();
    }
    FUZZ_CHECK(rows == t.rows.size());
    FUZZ_CHECK(!pushbench::report_markdown(d, "", {}).empty());
    pushbench::report_text(d);
  } catch (const pushbench::ConfigError&) {
    // a cell that is not a number, an unknown workload: refused with a reason
  }

  try {
    static const pushbench::ToleranceConfig kRules = pushbench::ToleranceConfig::built_in();
    const pushbench::Comparison c =
        pushbench::compare_results(t, t, kRules, pushbench::CompareSettings{});
    for (const pushbench::Finding& f : c.findings) {
      FUZZ_CHECK(!pushbench::fails(f.verdict) || f.rule.cls == pushbench::MetricClass::kZero);
    }
  } catch (const pushbench::ConfigError&) {
    // nothing to compare (no metric column), a cell that is not a number
  }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  check_round_trip(text);
  try {
    check_table(pushbench::parse_results_csv(text, "results.csv"));
  } catch (const pushbench::ConfigError&) {
    // not a results.csv: refused with a reason
  }
  return 0;
}
