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

const char* suffix(TimeUnit unit) noexcept { return unit == TimeUnit::kSeconds ? "s" : "ms"; }

std::optional<double> parse_duration(std::string_view text, TimeUnit bare) noexcept {
  struct Unit {
    std::string_view suffix;
    double ns;  // whole numbers of ns: "500ms" in ms is 500 * 1e6 / 1e6, exactly 500
  };
  // Longest suffixes first: "ms" and "min" before "s" and "m".
  static constexpr Unit kUnits[] = {{"ns", 1},     {"us", 1e3}, {"\u00b5s", 1e3}, {"ms", 1e6},
                                    {"min", 6e10}, {"s", 1e9},  {"m", 6e10},      {"h", 3.6e12}};
  const double bare_ns = bare == TimeUnit::kSeconds ? 1e9 : 1e6;
  for (const Unit& u : kUnits) {
    if (text.size() > u.suffix.size() && text.ends_with(u.suffix)) {
      const std::optional<double> v = parse_double(text.substr(0, text.size() - u.suffix.size()));
      const double scaled = v ? *v * u.ns / bare_ns : NAN;
      if (!std::isfinite(scaled)) {
        return std::nullopt;
      }
      return scaled;
    }
  }
  return parse_double(text);
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

std::string_view trim_ows(std::string_view text) noexcept {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return text;
}

}  // namespace pushbench
