// results.json: results.csv's rows with typed values (numbers as numbers, "not applicable" as
// null, flags as an array, texts as the CSV has them), the schema version, each column's unit,
// and the run's meta.json as "meta" — for users who would rather not parse CSV.
#pragma once

#include <nlohmann/json.hpp>

#include "results_table.h"

namespace pushbench {

// `meta`: meta.json's content (null when there is none). Ordered: keys and each row's columns
// stay in results.csv's order.
nlohmann::ordered_json results_json(const ResultsTable& t, const nlohmann::json& meta);

// One CSV cell typed as results.json holds it, by its column.
nlohmann::ordered_json typed_value(std::string_view column, const std::string& text);

}  // namespace pushbench
