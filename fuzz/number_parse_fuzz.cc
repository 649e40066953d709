// Fuzzes the strict number and list parsing of common/parse.h (query arguments, the raw TCP id
// line, Content-Length of POST /send, SSE ids, option lists).
// Invariants: parse_int accepts exactly an optional '-' and one or more decimal digits whose value
// fits int64 (checked against a digit-by-digit reference), and prints back to the same value;
// split_list's items joined with the separator give the text back, none contains it.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "fuzz_check.h"
#include "parse.h"

namespace {
// The reference: -?[0-9]+ within [INT64_MIN, INT64_MAX], by 128-bit arithmetic.
std::optional<int64_t> reference_int(std::string_view text) {
  const bool neg = !text.empty() && text.front() == '-';
  const std::string_view digits = text.substr(neg ? 1 : 0);
  if (digits.empty()) {
    return std::nullopt;
  }
  __extension__ using I128 = __int128;
  I128 v = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
    v = v * 10 + (c - '0');
    if (v > (I128{1} << 63)) {
      return std::nullopt;
    }
  }
  v = neg ? -v : v;
  if (v > INT64_MAX) {
    return std::nullopt;
  }
  return static_cast<int64_t>(v);
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  const std::optional<int64_t> value = pushbench::parse_int(text);
  FUZZ_CHECK(value == reference_int(text));
  if (value) {
    FUZZ_CHECK(pushbench::parse_int(fmt::format("{}", *value)) == value);
  }

  const char sep = size > 0 ? text.front() : ',';
  const std::string_view list = size > 0 ? text.substr(1) : text;
  const std::vector<std::string> items = pushbench::split_list(list, sep);
  FUZZ_CHECK(!items.empty());
  std::string joined;
  for (size_t i = 0; i < items.size(); ++i) {
    FUZZ_CHECK(items[i].find(sep) == std::string::npos);
    joined += (i == 0 ? "" : std::string(1, sep)) + items[i];
  }
  FUZZ_CHECK(joined == list);
  return 0;
}
