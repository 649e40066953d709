// Strict number parsing for query strings and option lists: the whole text must be a number.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pushbench {

// Decimal integer with optional leading '-', no spaces, no overflow.
std::optional<int64_t> parse_int(std::string_view text) noexcept;

// Splits "a,b,c" on commas; empty items are kept (callers reject them).
std::vector<std::string> split_list(std::string_view text, char sep = ',');

}  // namespace pushbench
