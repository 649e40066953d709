// Aligned plain-text tables for the terminal: `pushbench run`'s comparison, the repetition
// summary, the report's sections and `pushbench compare`'s findings all print through this one
// renderer. Columns are as wide as their widest cell, counted in UTF-8 code points ("µs", "—"),
// two spaces apart; the last column is not padded.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace pushbench {

struct TextTable {
  std::vector<std::string> header{};
  std::vector<std::vector<std::string>> rows{};  // as wide as the header
  size_t left_columns = 1;        // leading text columns; the rest are right-aligned numbers
  bool last_column_left = false;  // a trailing text column (flags, a verdict)
  bool header_left = false;       // every title left-aligned, over numbers too
};

// Characters on screen: UTF-8 code points (every byte that is not a continuation byte).
size_t display_width(std::string_view s);

std::string render_text_table(const TextTable& t);

}  // namespace pushbench
