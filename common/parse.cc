// Strict number parsing.
#include "parse.h"

#include <charconv>
#include <cmath>

namespace pushbench {

std::optional<int64_t> parse_int(std::string_view text) noexcept {
  if (text.empty() || text.front() == '+') {
    return std::nullopt;
  }
  int64_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc{} || ptr != end) {
    return std::nullopt;
  }
  return value;
}

std::optional<double> parse_double(std::string_view text) noexcept {
  double value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc{} || ptr != end || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

std::vector<std::string> split_list(std::string_view text, char sep) {
  std::vector<std::string> items;
  size_t start = 0;
  while (true) {
    size_t pos = text.find(sep, start);
    items.emplace_back(text.substr(start, pos == std::string_view::npos ? pos : pos - start));
    if (pos == std::string_view::npos) {
      return items;
    }
    start = pos + 1;
  }
}

}  // namespace pushbench
