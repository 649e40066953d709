// Strict number parsing for query strings, option lists and results.csv cells: the whole text
// must be a number. The one parser of numbers in text for the whole tree.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pushbench {

// Decimal integer with optional leading '-', no spaces, no overflow.
std::optional<int64_t> parse_int(std::string_view text) noexcept;

// Finite decimal number ("2", "-0.5", "1e3"): no spaces, no leading '+', no hex, no inf or nan.
std::optional<double> parse_double(std::string_view text) noexcept;

// Splits "a,b,c" on commas; empty items are kept (callers reject them).
std::vector<std::string> split_list(std::string_view text, char sep = ',');

}  // namespace pushbench
