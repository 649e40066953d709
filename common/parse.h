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

// The unit a bare number of a duration option is in (the option's unit before units were taken).
enum class TimeUnit { kSeconds, kMilliseconds };

// "s" or "ms".
const char* suffix(TimeUnit unit) noexcept;

// A duration in `bare` units: a number with a unit ("250us", "500ms", "15s", "2m", "1h"; also
// "ns", "µs", "min") or a bare number, which is in `bare` units ("10" is 10 s for kSeconds). The
// number is parse_double's (a sign is kept for the caller's range check); no spaces; nullopt for
// anything else.
std::optional<double> parse_duration(std::string_view text, TimeUnit bare) noexcept;

// Splits "a,b,c" on commas; empty items are kept (callers reject them).
std::vector<std::string> split_list(std::string_view text, char sep = ',');

// `text` without the spaces and tabs around it (HTTP's optional whitespace, RFC 9110 §5.6.3).
std::string_view trim_ows(std::string_view text) noexcept;

}  // namespace pushbench
