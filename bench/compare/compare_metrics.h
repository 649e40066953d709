// The metrics `pushbench compare` reads from a results.csv row: a column as it is, or one
// derived from columns (requests_per_notification, connections_opened_per_notification,
// empty_response_share, delivery_ratio). An empty cell, or a zero denominator, is "not
// applicable" (nullopt), never 0.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compare_input.h"

namespace pushbench {

// The columns a metric is computed from (the metric itself when it is a column).
std::vector<std::string> metric_columns(std::string_view metric);

// Whether a larger value is better (delivery_ratio); every other metric is a cost.
bool higher_is_better(std::string_view metric) noexcept;

// The metric's value in one row; the table must have every column of metric_columns(metric).
std::optional<double> metric_value(const ResultsTable& table, size_t row, std::string_view metric);

}  // namespace pushbench
