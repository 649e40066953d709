// Rows of results.csv that carry trust flags (the `flags` column: loss, saturation, errors,
// foreign_load, ...). Report, summary and compare use them like any row but say so, so a
// flagged figure never passes silently. (An unfinished repetition is never a row at all.)
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace pushbench {

struct ResultsTable;

struct FlaggedRow {
  std::string label;  // "row 3 (ws, repetition 2)": data rows counted from 1
  std::string flags;  // the row's `flags` cell
};

// "row N (TRANSPORT, repetition R)".
std::string row_label(size_t row, const std::string& transport, const std::string& repetition);
// The rows of `t` whose `flags` cell is not empty (none when it has no such column).
std::vector<FlaggedRow> flagged_rows(const ResultsTable& t);

// "warning: 2 of 6 rows carry trust flags (row 1 (ws, repetition 1): loss; row 4 (poll,
// repetition 2): foreign_load): their figures may not measure the transport alone
// (results/SCHEMA.md, flags)"; empty when `flagged` is.
std::string flagged_rows_warning(const std::vector<FlaggedRow>& flagged, size_t rows);

}  // namespace pushbench
