// results.csv's columns, declared once: each column's name, unit, meaning, role and how its value
// is computed from what a repetition measured. The header, every row, the cell identities
// (cell_identity.h) and the summary's metrics (summary.h) come from this one table;
// results/SCHEMA.md defines each column in full (result_columns_test.cc holds the two together).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "measured_cell.h"

namespace pushbench {

constexpr int kSchemaVersion = 12;

enum class ColumnRole {
  kVersion,     // schema_version
  kCell,        // a scenario parameter: identifies a cell within a run and across runs
  kWindow,      // the window (warmup_s, duration_s): identifies a cell within one run only
  kRepetition,  // repetition, seed: which run of the cell, not a measurement
  kNumber,      // a number per row: summarised over repetitions, compared between runs
  kText,        // a text per row (flags, ...): neither summarised nor compared
};

// A column of a results table whose rows are made from `Cell`s (results.csv: MeasuredCell;
// `pushbench run --target`'s target.csv: TargetCell, target_columns.h).
template <typename Cell>
struct ColumnOf {
  std::string_view name;
  std::string_view unit;     // as SCHEMA.md writes it; "—" for none
  std::string_view meaning;  // one line (SCHEMA.md: the definition in full)
  ColumnRole role;
  std::string (*value)(const Cell&);  // the row's cell; "" = not applicable
};
using ResultColumn = ColumnOf<MeasuredCell>;

// A table's header, and one row of it, in the table's order.
template <typename Cell>
std::vector<std::string> column_names(const std::vector<ColumnOf<Cell>>& table) {
  std::vector<std::string> names;
  for (const ColumnOf<Cell>& c : table) {
    names.emplace_back(c.name);
  }
  return names;
}
template <typename Cell>
std::vector<std::string> column_row(const std::vector<ColumnOf<Cell>>& table, const Cell& cell) {
  std::vector<std::string> row;
  row.reserve(table.size());
  for (const ColumnOf<Cell>& c : table) {
    row.push_back(c.value(cell));
  }
  return row;
}

// Every column, in results.csv order. Append only; a change of meaning bumps kSchemaVersion.
const std::vector<ResultColumn>& result_column_table();
// Their names: results.csv's header.
const std::vector<std::string>& result_columns();
// The column named `name`, or nullptr (a results.csv of another version may have others).
const ResultColumn* find_result_column(std::string_view name) noexcept;
// One results.csv row, in result_columns() order.
std::vector<std::string> result_row(const MeasuredCell& cell);

}  // namespace pushbench
