// The repetition summary (`--repeat N`, N >= 2): per cell (transport +
// scenario) and per numeric metric of results.csv, the count, median, min, max
// and coefficient of variation of the repetitions' values. Written as
// DIR/summary.csv (results/SCHEMA.md, "summary.csv") and printed.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace pushbench {

struct SummaryRow {
  std::vector<std::string> cell;  // the cell's identity, cell_columns() order (cell_identity.h)
  std::string metric;             // a results.csv column name
  size_t count = 0;               // non-empty values (repetitions where the metric applies)
  double median = 0;              // mean of the two middle values for an even count
  double min = 0;
  double max = 0;
  std::optional<double> cv_pct;  // 100 x sample stddev / mean; 0 when every value is equal;
                                 // none when count < 2 or the mean is 0 with a spread
};

// Median of the values (mean of the two middle ones for an even count). Requires !v.empty().
// summary.csv's, the report's and the gate's medians over repetitions.
double median(std::vector<double> v);

// Every summary.csv column, in order: cell_columns() (cell_identity.h), then the statistics.
const std::vector<std::string>& summary_columns();

// `columns` is results.csv's header, `rows` its records. Cells in order of
// first appearance, metrics in column order. Identity/configuration columns
// (and text such as `flags`) are not metrics; empty cells ("not applicable")
// are ignored, and a metric with no value in a cell gives no row.
std::vector<SummaryRow> summarize(const std::vector<std::string>& columns,
                                  const std::vector<std::vector<std::string>>& rows);

// summary.csv's text (header + one record per row, RFC 4180).
std::string summary_csv(const std::vector<SummaryRow>& rows);
// The printed table: the headline metrics only (summary.csv has every metric).
std::string summary_table(const std::vector<SummaryRow>& rows);

}  // namespace pushbench
