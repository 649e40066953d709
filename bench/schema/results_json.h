// results.json: results.csv's rows with typed values (numbers as numbers, "not applicable" as
// null, flags as an array, texts as the CSV has them), the schema version, each column's unit,
// and the run's meta.json as "meta" — for users who would rather not parse CSV.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

#include "results_table.h"

namespace pushbench {

// What typing a column's values needs: its unit, and whether it holds text.
struct ColumnInfo {
  std::string_view unit;
  bool text = false;
};
// A table's column by name (nullopt: not one of its columns).
using ColumnLookup = std::optional<ColumnInfo> (*)(std::string_view column);
std::optional<ColumnInfo> result_column_info(std::string_view column);  // results.csv's

// `meta`: meta.json's content (null when there is none). Ordered: keys and each row's columns
// stay in the CSV's order. `lookup`: the CSV's columns (target.csv has its own, target_columns.h).
nlohmann::ordered_json results_json(const ResultsTable& t, const nlohmann::json& meta,
                                    ColumnLookup lookup = result_column_info);

// One CSV cell typed as results.json holds it, by its column.
nlohmann::ordered_json typed_value(std::string_view column, const std::string& text,
                                   ColumnLookup lookup = result_column_info);

}  // namespace pushbench
